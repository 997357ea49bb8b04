import Core
import Foundation
import Hummingbird
import Logging

/// `GET /api/relay`: this API calling another protected API as a service user — `GET {upstream}/api/private-scoped`
/// with a token from the service user's `TokenProvider` — and saying what it answered:
/// `{"upstream":{…its JSON body…},"upstream_status":200}`.
///
/// The provider is created once with the app and shared by every request: the first call asks ZITADEL's token
/// endpoint, the next ones reuse the token until shortly before it expires, and concurrent first calls share one
/// request. Asking for a token per request would put ZITADEL on every request's path.
///
/// When no token can be had or the upstream cannot be reached, the answer is 502 with the usual JSON error body;
/// the reason goes to the log. Any HTTP answer of the upstream (a 403 too) is reported as it is, with 200.
public struct UpstreamRelay: Sendable {
    /// The path called on the upstream API.
    public static let upstreamPath = "/api/private-scoped"

    /// The upstream API's base URL (`UPSTREAM_API_URL`), e.g. `http://localhost:5001`.
    public let upstreamBaseURL: URL
    /// The service user's tokens, e.g. `TokenProvider.clientCredentials(issuer:clientID:clientSecret:scope:)` with
    /// `TokenScope.zitadelDefault(projectID:)` of the upstream's project.
    public let tokens: TokenProvider
    private let http: HTTPClient

    public init(upstreamBaseURL: URL, tokens: TokenProvider, http: HTTPClient = HTTPClient()) {
        self.upstreamBaseURL = upstreamBaseURL
        self.tokens = tokens
        self.http = http
    }

    /// One relayed call, as this API's answer.
    func respond(logger: Logger) async -> Response {
        let token: TokenProvider.Token
        do {
            token = try await tokens.token()
        } catch {
            logger.error("relay: no access token for the upstream API: \(error)")
            return .jsonError(
                status: .badGateway, error: "bad_gateway",
                description: "No access token could be obtained for the upstream API; the API's log says why.")
        }
        let url = BearerCall.join(upstreamBaseURL, Self.upstreamPath)
        let answer: OutboundResponse
        do {
            answer = try await http.send(
                OutboundRequest(
                    url: url, headers: [("Authorization", "Bearer \(token.accessToken)"), ("Accept", "application/json")]))
        } catch {
            logger.error("relay: \(error)")
            return .jsonError(
                status: .badGateway, error: "bad_gateway",
                description: "The upstream API could not be reached; the API's log says why.")
        }
        if answer.status == 401 {
            // The upstream no longer accepts the token (revoked, or the instance forgot it): the next call asks
            // ZITADEL for a new one instead of reusing it until it expires.
            await tokens.invalidate()
        }
        let upstreamBody = (try? JSONValue.parse(answer.body)) ?? .string(answer.bodyText)
        let body = JSONValue.object(["upstream_status": .number(Double(answer.status)), "upstream": upstreamBody])
        return .json(ByteBuffer(string: body.serializedString), noStore: true)
    }
}

extension Router where Context: TokenGuardRequestContext {
    /// `GET /api/relay` for any active token (the caller must be allowed in before this API spends its own token).
    func addRelayRoute(_ relay: UpstreamRelay, tokenGuard: TokenGuard, trustedProxies: TrustedProxies = .none) {
        group()
            .add(
                middleware: TokenGuardMiddleware<Context>(
                    tokenGuard, requirement: .activeToken, trustedProxies: trustedProxies))
            .get("/api/relay") { _, context in
                context.logger.info("relay", metadata: ["subject": "\(context.principal?.subject ?? "-")"])
                return await relay.respond(logger: context.logger)
            }
    }
}
