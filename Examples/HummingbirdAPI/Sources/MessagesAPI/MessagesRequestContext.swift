import Core
import Hummingbird
import NIOCore

/// The request context of this API: Hummingbird's core storage, the connection's peer address, and the principal
/// the token guard found.
///
/// Hummingbird creates one per request from the connection (`source.channel`), so the address is the peer of the
/// TCP connection. Behind a reverse proxy that is the proxy; take the client's address from the header your proxy
/// sets (and only from a proxy you trust) if the guard should see the real one.
public struct MessagesRequestContext: TokenGuardRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.principal = nil
    }
}
