import Core
import Vapor

/// Lets a request reach its route only when Core's `TokenGuard` grants it, with the token's `Principal` logged in
/// (`try req.auth.require(Principal.self)` in the handler); otherwise answers with the guard's `Refusal` as it is.
///
/// ```swift
/// let readMessages = app.grouped("api").grouped(TokenGuardMiddleware(tokenGuard, requiring: .role("read:messages")))
/// readMessages.get("private-scoped") { req in … }
/// ```
///
/// Why one `AsyncMiddleware` rather than Vapor's `AsyncBearerAuthenticator` + `guardMiddleware()`: an authenticator
/// can only log a user in or leave the request anonymous, and the guard middleware then answers every failure with
/// one and the same 401. The answers here differ: 400 for two `Authorization` headers, 401 with
/// `error="invalid_token"`, 403 `insufficient_scope`, 503 (with `Retry-After` when known) while ZITADEL cannot be
/// asked, 500 when ZITADEL refuses the API's own credentials. `Refusal` already knows every status, challenge and
/// body, so this middleware only asks the guard and sends its answer; none of those rules is repeated here.
public struct TokenGuardMiddleware: AsyncMiddleware {
    public let tokenGuard: TokenGuard
    public let requirement: TokenRequirement
    /// Proxies whose word about the client is believed (`TRUSTED_PROXIES`); by default none: the peer is the client.
    public let trustedProxies: TrustedProxies

    /// - Parameters:
    ///   - tokenGuard: one guard for the whole app, so that its introspection cache serves every route.
    ///   - requirement: `.activeToken`, or `.role("read:messages")` for a route that needs that role.
    ///   - trustedProxies: whose `Forwarded` / `X-Forwarded-For` name the client the guard charges for new tokens.
    public init(_ tokenGuard: TokenGuard, requiring requirement: TokenRequirement, trustedProxies: TrustedProxies = .none) {
        self.tokenGuard = tokenGuard
        self.requirement = requirement
        self.trustedProxies = trustedProxies
    }

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let verdict = await tokenGuard.check(
            // Every value, in order: two Authorization headers are refused (400), not silently reduced to one.
            authorization: request.headers[.authorization],
            requirement: requirement,
            client: request.clientAddress(trusting: trustedProxies))
        switch verdict.decision {
        case .granted(let principal):
            request.auth.login(principal)
            return try await next.respond(to: request)
        case .refused(let refusal):
            // The cause says which endpoint failed and how; it is for our log only, never for the client.
            if let cause = refusal.cause {
                request.logger.error("introspection failed for token \(verdict.tokenFingerprint ?? "-"): \(cause)")
            }
            return Response(refusal)
        }
    }
}
