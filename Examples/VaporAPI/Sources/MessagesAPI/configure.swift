import Core
import Vapor

/// Puts the API's routes on `app`: the three routes of ZITADEL's Python samples, and `/api/relay` when a `relay`
/// is given.
///
/// | route | who may call it | answer |
/// |---|---|---|
/// | `GET /api/public` | anyone | `{"message":"Public route - …"}` |
/// | `GET /api/private` | an active token | `{"message":"Private route - …"}` |
/// | `GET /api/private-scoped` | an active token whose user holds `read:messages` | `{"message":"Private, scoped route - …"}` |
/// | `GET /api/relay` | an active token | what `GET {upstream}/api/private-scoped` answered this API's service user |
///
/// - Parameters:
///   - tokenGuard: one guard for every protected route, so they share its introspection cache.
///   - trustedProxies: whose `Forwarded` / `X-Forwarded-For` name the client (`TRUSTED_PROXIES`).
public func configure(
    _ app: Application, tokenGuard: TokenGuard, trustedProxies: TrustedProxies = .none, relay: Relay? = nil
) {
    let api = app.grouped("api")
    let anyActiveToken = api.grouped(
        TokenGuardMiddleware(tokenGuard, requiring: .activeToken, trustedProxies: trustedProxies))
    let readMessages = api.grouped(
        TokenGuardMiddleware(tokenGuard, requiring: .role("read:messages"), trustedProxies: trustedProxies))

    api.get("public") { _ in
        Response.json(SampleMessage.publicRoute, private: false)
    }
    anyActiveToken.get("private") { _ in
        Response.json(SampleMessage.privateRoute, private: true)
    }
    readMessages.get("private-scoped") { _ in
        Response.json(SampleMessage.privateScopedRoute, private: true)
    }
    if let relay {
        anyActiveToken.get("relay", use: relay.answer)
    }
}
