import Core
import Hummingbird
import Logging

/// The app's routes: the three sample routes, and `/api/relay` when there is a relay.
public func buildRouter(
    tokenGuard: TokenGuard, trustedProxies: TrustedProxies = .none, relay: UpstreamRelay? = nil
) -> Router<MessagesRequestContext> {
    let router = Router(context: MessagesRequestContext.self)
    // One log line per request (method, path), as the sample APIs write one.
    router.add(middleware: LogRequestsMiddleware(.info))
    router.addMessageRoutes(tokenGuard: tokenGuard, trustedProxies: trustedProxies)
    if let relay { router.addRelayRoute(relay, tokenGuard: tokenGuard, trustedProxies: trustedProxies) }
    return router
}

/// The whole app, ready for `runService()` (which serves until SIGINT or SIGTERM, then lets requests in flight
/// finish) or for HummingbirdTesting's `app.test(…)`.
///
/// - Parameters:
///   - host, port: where to listen; port 0 takes a free one.
///   - onListening: called with the bound port once the server accepts connections.
public func buildApplication(
    tokenGuard: TokenGuard, trustedProxies: TrustedProxies = .none, relay: UpstreamRelay? = nil,
    host: String = "127.0.0.1", port: Int = 0, logger: Logger = Logger(label: "HummingbirdAPI"),
    onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(tokenGuard: tokenGuard, trustedProxies: trustedProxies, relay: relay),
        configuration: .init(address: .hostname(host, port: port)),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
        logger: logger)
}
