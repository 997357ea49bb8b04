import Core
import Vapor

extension Request {
    /// The client's IP address, for the token guard's budget of introspections: the connection's peer, or, when the
    /// peer is one of `proxies`, the client it names in `Forwarded` / `X-Forwarded-For`. Nil when there is no socket
    /// (Vapor's in-memory tests).
    ///
    /// Not Vapor's `peerAddress`: that one believes `Forwarded` and `X-Forwarded-For` from anyone, and any client can
    /// send them, naming itself anew on every request to escape its budget.
    func clientAddress(trusting proxies: TrustedProxies) -> String? {
        guard let peer = remoteAddress?.ipAddress else { return nil }
        return proxies.client(
            peer: peer, forwarded: headers["Forwarded"], xForwardedFor: headers["X-Forwarded-For"])
    }
}
