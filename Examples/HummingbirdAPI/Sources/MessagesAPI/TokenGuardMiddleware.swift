import Core
import HTTPTypes
import Hummingbird
import Logging

/// Protects the routes after it with ZITADEL token introspection: a plain Hummingbird `RouterMiddleware` around
/// Core's `TokenGuard`.
///
/// ```swift
/// router.group()
///     .add(middleware: TokenGuardMiddleware(tokenGuard, requirement: .role("read:messages")))
///     .get("/api/private-scoped") { _, context in "hello \(context.principal?.subject ?? "?")" }
/// ```
///
/// For each request it asks the guard once, with every `Authorization` header, the route's requirement and the
/// client's address — the peer's, or the one a proxy in `trustedProxies` names in `Forwarded` / `X-Forwarded-For` —
/// which the guard charges for introspections of new tokens (429 past its budget). Granted: the `Principal` goes into the context and the request goes on. Refused: it answers with
/// exactly the refusal's status, headers and body (`Response(refusal:)`), and logs the refusal's `cause` — why
/// introspection gave no verdict (ZITADEL unreachable, or refusing the API's own credentials) — which is for the API's
/// log only, never for the client.
///
/// Why not hummingbird-auth's `AuthenticatorMiddleware`? It answers "who is this?": an authenticator returns an
/// identity or nil, and a later `IsAuthenticatedMiddleware` turns nil into a bare 401. The guard also decides "may
/// they?" (403 without the route's role) and "can we tell now?" (503, 500), each with its own challenge and body
/// from `Refusal`; an authenticator could deliver those only by throwing an error type made for it. A plain
/// middleware that answers directly says it in one step, without a second package.
public struct TokenGuardMiddleware<Context: TokenGuardRequestContext>: RouterMiddleware {
    public let tokenGuard: TokenGuard
    public let requirement: TokenRequirement
    /// Proxies whose word about the client is believed (`TRUSTED_PROXIES`); by default none: the peer is the client.
    public let trustedProxies: TrustedProxies

    public init(_ tokenGuard: TokenGuard, requirement: TokenRequirement, trustedProxies: TrustedProxies = .none) {
        self.tokenGuard = tokenGuard
        self.requirement = requirement
        self.trustedProxies = trustedProxies
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let client = context.remoteAddress?.ipAddress.map { peer in
            trustedProxies.client(
                peer: peer, forwarded: request.headers[values: .forwarded],
                xForwardedFor: request.headers[values: .xForwardedFor])
        }
        let verdict = await tokenGuard.check(
            authorization: request.headers[values: .authorization], requirement: requirement, client: client)
        switch verdict.decision {
        case .granted(let principal):
            var context = context
            context.principal = principal
            return try await next(request, context)
        case .refused(let refusal):
            if let cause = refusal.cause {
                // The token appears only as its fingerprint; the cause names the endpoint, never a secret.
                context.logger.error(
                    "introspection failed: \(cause)",
                    metadata: ["token": "\(verdict.tokenFingerprint ?? "-")", "status": "\(refusal.status)"])
            }
            return Response(refusal: refusal)
        }
    }
}

extension HTTPField.Name {
    /// RFC 7239.
    static let forwarded = Self("Forwarded")!
    /// The de-facto header of the same purpose.
    static let xForwardedFor = Self("X-Forwarded-For")!
}
