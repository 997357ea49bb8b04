import Core
import MessagesAPI
import Vapor

/// Runs `test` against a fresh Vapor application configured as the sample configures it, in the testing
/// environment, and shuts the application down afterwards, also when the test throws (VaporTesting's `withApp`, with
/// our `configure` and an optional logger to read what the app logs).
func withMessagesAPI(
    tokenGuard: TokenGuard, trustedProxies: TrustedProxies = .none, relay: Relay? = nil,
    logger: Logger = Logger(label: "MessagesAPITests"),
    extraRoutes: (Application) -> Void = { _ in },
    _ test: (Application) async throws -> Void
) async throws {
    let app = try await Application.make(.testing, logger: logger)
    do {
        configure(app, tokenGuard: tokenGuard, trustedProxies: trustedProxies, relay: relay)
        extraRoutes(app)
        try await test(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

extension HTTPHeaders {
    /// `Authorization: Bearer <token>`.
    static func bearer(_ token: String) -> HTTPHeaders {
        ["Authorization": "Bearer \(token)"]
    }
}
