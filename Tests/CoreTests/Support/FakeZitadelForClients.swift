import Foundation
@testable import Core

/// Plays, on a real socket, the parts of ZITADEL the clients talk to — discovery, the token endpoint, the
/// management API's `orgs/me` — and the sample API's three routes, by the rules of docs/zitadel.md. It checks
/// every token request as strictly as ZITADEL would (grant parameters, the assertion's header, claims, time window
/// and signature, the Basic header's URL-encoded halves) and records what it saw for the tests to inspect.
final class FakeZitadelForClients: @unchecked Sendable {
    struct ServiceUser {
        var userID = "200000000000000007"
        var keyID = "100000000000000001"
        var publicKey: RSAPublicKey
        var username = "billing-worker"
        var secret = "pa+ss/w%rd:!x"
        var pat = "pat-of-billing-worker"
        var hasRole = true
    }

    /// What the token endpoint saw, decoded.
    struct TokenRequest {
        var contentType: String?
        var authorization: String?
        var fields: [(String, String)]
        var rawBody: String
        /// The Basic header's halves, after base64 and URL decoding.
        var basic: (id: String, secret: String)?
        /// The Basic header's halves as sent, before URL decoding.
        var basicRaw: String?
        var verifiedAssertion: VerifiedJWT?
        func field(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }
    }

    let projectID = "294645919545032706"
    private let lock = NSLock()
    private var user: ServiceUser
    private var issuerValue = ""
    private var tokenRequests: [TokenRequest] = []
    private var issued: [String: [String]] = [:]   // access token → scopes
    private var discoveries = 0
    private var issuedOrder: [String] = []
    private var scripted: (status: Int, contentType: String, body: String)?
    private var server: HTTPServer?

    var issuer: String { lock.withLock { issuerValue } }
    var requests: [TokenRequest] { lock.withLock { tokenRequests } }
    var serviceUser: ServiceUser { lock.withLock { user } }
    /// The access tokens handed out, in order.
    var issuedTokens: [String] { lock.withLock { issuedOrder } }
    var discoveryCount: Int { lock.withLock { discoveries } }

    init(user: ServiceUser) {
        self.user = user
    }

    /// Starts listening on 127.0.0.1 at a free port; the issuer is `http://127.0.0.1:PORT`.
    func start() throws -> String {
        let server = HTTPServer(configuration: .init(), handler: HTTPClosureHandler { [self] request in
            .response(answer(request))
        })
        let port = try server.start()
        lock.withLock {
            self.server = server
            issuerValue = "http://127.0.0.1:\(port)"
        }
        return issuer
    }

    func stop() async {
        await lock.withLock { server }?.shutdown(gracePeriod: .seconds(1))
    }

    /// From now on the token endpoint answers exactly this, whatever it is asked.
    func script(status: Int, contentType: String = "application/json", body: String) {
        lock.withLock { scripted = (status, contentType, body) }
    }

    func update(_ change: (inout ServiceUser) -> Void) { lock.withLock { change(&user) } }

    // MARK: - Routing

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/.well-known/openid-configuration"):
            let issuer = lock.withLock { discoveries += 1; return issuerValue }
            return json(200, ["issuer": .string(issuer), "token_endpoint": .string(issuer + "/oauth/v2/token"),
                              "introspection_endpoint": .string(issuer + "/oauth/v2/introspect")])
        case ("POST", "/oauth/v2/token"):
            return token(request)
        case ("GET", "/api/public"):
            return message(200, "Public route - You don't need to be authenticated to see this.")
        case ("GET", "/api/private"), ("GET", "/api/private-scoped"):
            return apiRoute(request)
        case ("GET", "/management/v1/orgs/me"):
            guard let scopes = scopes(of: request), scopes.contains(TokenScope.zitadelAPIAudience) else {
                return json(401, ["code": 16, "message": "Errors.Token.Invalid"])
            }
            return json(200, ["org": ["id": "200000000000000001", "name": "ACME"]])
        default:
            return json(404, ["error": "not_found"])
        }
    }

    private func apiRoute(_ request: HTTPRequest) -> HTTPResponse {
        guard request.headers["Authorization"]?.hasPrefix("Bearer ") == true else {
            return json(401, ["error": "invalid_token", "error_description": "no bearer token"])
        }
        // Introspection by the API's application sees a token as active only with the project in its audience.
        guard let scopes = scopes(of: request),
              scopes.contains(TokenScope.projectAudience(projectID)) || scopes == ["pat"] else {
            return json(401, ["error": "invalid_token", "error_description": "token inactive"])
        }
        if request.path == "/api/private-scoped" && !serviceUser.hasRole {
            return json(403, ["error": "insufficient_scope", "error_description": "role read:messages required"])
        }
        return request.path == "/api/private"
            ? message(200, "Private route - You need to be authenticated to see this.")
            : message(200, "Private, scoped route - You need to be authenticated and have the role read:messages to see this.")
    }

    private func scopes(of request: HTTPRequest) -> [String]? {
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else { return nil }
        let token = String(header.dropFirst("Bearer ".count))
        return lock.withLock { token == user.pat ? ["pat"] : issued[token] }
    }

    // MARK: - Token endpoint (docs/zitadel.md, "Token endpoint")

    private func token(_ request: HTTPRequest) -> HTTPResponse {
        var seen = TokenRequest(contentType: request.headers["Content-Type"], authorization: request.headers["Authorization"],
                                fields: [], rawBody: String(decoding: request.body, as: UTF8.self))
        defer { lock.withLock { tokenRequests.append(seen) } }
        if let (status, contentType, body) = lock.withLock({ scripted }) {
            return HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(body.utf8))
        }
        guard seen.contentType?.hasPrefix("application/x-www-form-urlencoded") == true,
              let fields = try? FormURLEncoding.decode(seen.rawBody) else {
            return oauthError(400, "invalid_request", "form body required")
        }
        seen.fields = fields
        if let authorization = seen.authorization {
            guard authorization.hasPrefix("Basic "), let decoded = Data(base64Encoded: String(authorization.dropFirst(6))),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":"),
                  let id = try? FormURLEncoding.decode("x=" + text[..<colon]).first?.1,
                  let secret = try? FormURLEncoding.decode("x=" + text[text.index(after: colon)...]).first?.1 else {
                return oauthError(400, "invalid_request", "malformed Authorization header")
            }
            seen.basic = (id, secret)
            seen.basicRaw = text
            if seen.field("client_id") != nil || seen.field("client_secret") != nil {
                return oauthError(400, "invalid_request", "client credentials in both header and body")
            }
        }
        guard let grantType = seen.field("grant_type") else { return oauthError(400, "invalid_request", "grant_type missing") }
        let scopes = TokenScope.parse(seen.field("scope") ?? "")
        guard !scopes.isEmpty else { return oauthError(400, "invalid_request", "scope missing") }
        let user = serviceUser
        switch grantType {
        case TokenGrant.jwtBearerGrantType:
            guard let assertion = seen.field("assertion") else { return oauthError(400, "invalid_request", "assertion missing") }
            guard let verified = try? JWT.verifyRS256(assertion, key: user.publicKey) else { return badAssertion() }
            seen.verifiedAssertion = verified
            let claims = verified.claims, now = Date()
            guard verified.header.keyID == user.keyID, claims.issuer == user.userID, claims.subject == user.userID,
                  claims.audience.contains(issuer),
                  let iat = claims.issuedAt, iat <= now + 1, iat >= now - 3600,
                  let exp = claims.expiresAt, exp > now + 1 else { return badAssertion() }
        case "client_credentials":
            guard let basic = seen.basic else { return oauthError(400, "invalid_request", "client_id or client_assertion must be provided") }
            guard basic.id == user.username else { return oauthError(400, "invalid_client", "client not found") }
            guard basic.secret == user.secret else {
                return oauthError(400, "invalid_request", "Errors.User.Machine.Secret.Invalid")
            }
        default:
            return oauthError(400, "unsupported_grant_type", "\(grantType) not supported")
        }
        let accessToken = "at-" + UUID().uuidString
        lock.withLock {
            issued[accessToken] = scopes
            issuedOrder.append(accessToken)
        }
        return json(200, ["access_token": .string(accessToken), "token_type": "Bearer", "expires_in": 43199,
                          "id_token": "e30.e30.sig"])
    }

    /// docs/zitadel.md, "Token endpoint": a bad assertion currently yields HTTP 500 `server_error` / `Errors.Internal`.
    private func badAssertion() -> HTTPResponse { oauthError(500, "server_error", "Errors.Internal") }

    private func oauthError(_ status: Int, _ error: String, _ description: String) -> HTTPResponse {
        json(status, ["error": .string(error), "error_description": .string(description)])
    }

    private func message(_ status: Int, _ text: String) -> HTTPResponse { json(status, ["message": .string(text)]) }

    private func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: value.serialized + [0x0A])
    }
}
