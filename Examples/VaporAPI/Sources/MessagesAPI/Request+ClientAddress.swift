import Vapor

extension Request {
    /// The IP address of the connection's peer, for the token guard; nil when there is no socket (Vapor's in-memory
    /// tests).
    ///
    /// Not `peerAddress`: that one believes `Forwarded` and `X-Forwarded-For`, which any client can send. Switch to
    /// it only when the app runs behind a reverse proxy you trust to set those headers.
    var clientAddress: String? {
        remoteAddress?.ipAddress
    }
}
