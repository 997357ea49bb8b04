import Core
import Vapor

/// `GET /api/relay`: this API calls another protected API as a service user, `GET {upstream}/api/private-scoped`
/// with a token of its own, and tells its caller what came back:
/// `{"upstream":{"message":"…"},"upstream_status":200}`.
///
/// The token comes from a `TokenProvider` the app holds for its whole life: the first call asks ZITADEL (client
/// credentials grant), every later one reuses that token until shortly before it expires, and concurrent calls
/// share one request. A token per call would put ZITADEL's token endpoint on every request's path.
///
/// Any HTTP answer of the upstream API is reported with 200, its status included (a 403 there is news for our
/// caller, not our failure); only "no token" or "no answer" is a 502 with the usual JSON error body, the reason
/// going to the log.
public struct Relay: Sendable {
    /// The path called on the upstream API.
    public static let upstreamPath = "/api/private-scoped"

    /// The upstream API's base URL (`UPSTREAM_API_URL`), e.g. `http://localhost:5000`.
    public let upstream: URL
    /// The service user's tokens, e.g. `TokenProvider.clientCredentials(issuer:clientID:clientSecret:scope:)`.
    public let tokens: TokenProvider
    /// The longest wait for the upstream API's whole answer. Vapor's client (AsyncHTTPClient) retries a refused
    /// connection until then, so an upstream API that is down is answered with 502 after this long, not at once.
    public let timeout: Duration

    public init(upstream: URL, tokens: TokenProvider, timeout: Duration = .seconds(5)) {
        self.upstream = upstream
        self.tokens = tokens
        self.timeout = timeout
    }

    @Sendable public func answer(_ req: Request) async -> Response {
        // Who asked: the principal TokenGuardMiddleware logged in (the route is behind it).
        let caller = req.auth.get(Principal.self)?.subject ?? "?"
        let token: TokenProvider.Token
        do {
            token = try await tokens.token()
        } catch {
            req.logger.error("relay for \(caller): no access token for the upstream API: \(error)")
            return .error(
                .badGateway, "bad_gateway",
                description: "An access token for the upstream API could not be obtained; the API's log says why.")
        }

        let url = BearerCall.join(upstream, Self.upstreamPath)
        let answer: ClientResponse
        do {
            // Vapor's own client (AsyncHTTPClient), on the app's event loops and shut down with the app.
            answer = try await req.client.get(URI(string: url.absoluteString)) { outgoing in
                outgoing.headers.bearerAuthorization = BearerAuthorization(token: token.accessToken)
                outgoing.headers.replaceOrAdd(name: .accept, value: "application/json")
                outgoing.timeout = .nanoseconds(Int64(timeout / .nanoseconds(1)))  // NIO's TimeAmount
            }
        } catch {
            req.logger.error("relay for \(caller): GET \(url.absoluteString) got no answer: \(error)")
            return .error(
                .badGateway, "bad_gateway",
                description: "The upstream API could not be reached; the API's log says why.")
        }

        // A 401 means the upstream API no longer takes this token (revoked, or the instance restarted): forget it,
        // so the next call asks ZITADEL for a new one instead of failing until it expires.
        if answer.status == .unauthorized { await tokens.invalidate() }

        let text = answer.body.map { String(buffer: $0) } ?? ""
        let body = (try? JSONValue.parse(text)) ?? .string(text)
        req.logger.info("relay for \(caller): GET \(url.absoluteString) -> \(answer.status.code)")
        return .json(["upstream_status": .number(Double(answer.status.code)), "upstream": body], private: true)
    }
}
