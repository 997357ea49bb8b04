import Foundation
import Synchronization

@testable import Core

/// ZITADEL's discovery and introspection endpoints as docs/zitadel.md describes them, checking the API's client
/// authentication exactly as ZITADEL does, served by the team's HTTPServer on 127.0.0.1 (port 0).
final class FakeZitadel: Sendable {
    /// How the next introspection requests are answered.
    enum Mode: Sendable {
        case normal
        case status(Int, body: String)
        case garbage
        case slow(Duration)
    }

    /// The API application as ZITADEL knows it.
    struct Application: Sendable {
        var clientID: String
        var secret: String?
        var keyID: String?
        var publicKey: RSAPublicKey?
    }

    private struct State {
        var mode: Mode = .normal
        var answers: [String: String] = [:]
        var introspectionCalls = 0
        var discoveryCalls = 0
        var lastForm: [(String, String)] = []
        var lastAuthorization: String?
        var authenticationFailures: [String] = []
    }

    let application: Application
    private let state = Mutex(State())
    private let server: HTTPServer
    let port: Int
    var issuer: String { "http://127.0.0.1:\(port)" }
    var introspectionURL: URL { URL(string: issuer + "/oauth/v2/introspect") ?? URL(fileURLWithPath: "/") }

    init(application: Application) throws {
        self.application = application
        let box = HandlerBox()
        server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: box)
        port = try server.start()
        box.set(self)
    }

    func stop() async { await server.shutdown(gracePeriod: .seconds(2)) }

    /// The introspection answer (JSON text) for `token`; unknown tokens get `{"active":false}`.
    func answer(_ token: String, with json: String) { state.withLock { $0.answers[token] = json } }
    func setMode(_ mode: Mode) { state.withLock { $0.mode = mode } }
    var introspectionCalls: Int { state.withLock { $0.introspectionCalls } }
    var discoveryCalls: Int { state.withLock { $0.discoveryCalls } }
    var lastForm: [(String, String)] { state.withLock { $0.lastForm } }
    var lastAuthorization: String? { state.withLock { $0.lastAuthorization } }
    /// Why client authentication failed, one entry per refused request (for test diagnostics).
    var authenticationFailures: [String] { state.withLock { $0.authenticationFailures } }

    fileprivate func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
        switch (request.method, request.path) {
        case ("GET", "/.well-known/openid-configuration"):
            state.withLock { $0.discoveryCalls += 1 }
            return .response(json(200, discoveryDocument))
        case ("POST", "/oauth/v2/introspect"):
            return introspect(request)
        default:
            return .response(json(404, #"{"error":"not_found"}"#))
        }
    }

    private var discoveryDocument: String {
        #"{"issuer":"\#(issuer)","token_endpoint":"\#(issuer)/oauth/v2/token","#
            + #""introspection_endpoint":"\#(issuer)/oauth/v2/introspect","jwks_uri":"\#(issuer)/oauth/v2/keys","#
            + #""introspection_endpoint_auth_methods_supported":["client_secret_basic","private_key_jwt"]}"#
    }

    private func introspect(_ request: HTTPRequest) -> HTTPHandlerResult {
        let form = (try? FormURLEncoding.decode(String(decoding: request.body, as: UTF8.self))) ?? []
        let authorization = request.headers["Authorization"]
        let mode: Mode = state.withLock { state in
            state.introspectionCalls += 1
            state.lastForm = form
            state.lastAuthorization = authorization
            return state.mode
        }
        switch mode {
        case .status(let status, let body): return .response(json(status, body))
        case .garbage: return .response(json(200, "<html>this is not json"))
        case .slow(let delay):
            return .deferred { [self] in
                try? await Task.sleep(for: delay)
                return introspectNormally(form: form, authorization: authorization)
            }
        case .normal:
            return .response(introspectNormally(form: form, authorization: authorization))
        }
    }

    /// docs/zitadel.md, "Introspection": client problems win over token problems; token problems are `{"active":false}`.
    private func introspectNormally(form: [(String, String)], authorization: String?) -> HTTPResponse {
        let fields = Dictionary(form, uniquingKeysWith: { first, _ in first })
        let assertion = fields["client_assertion"]
        if authorization == nil && assertion == nil && fields["client_id"] == nil {
            return json(400, #"{"error":"invalid_request","error_description":"client_id or client_assertion must be provided"}"#)
        }
        if let failure = authenticationFailure(authorization: authorization, fields: fields) {
            state.withLock { $0.authenticationFailures.append(failure) }
            return json(400, #"{"error":"unauthorized_client"}"#)
        }
        guard let token = fields["token"], !token.isEmpty else {
            return json(400, #"{"error":"invalid_request","error_description":"token missing"}"#)
        }
        return json(200, state.withLock { $0.answers[token] } ?? #"{"active":false}"#)
    }

    private func authenticationFailure(authorization: String?, fields: [String: String]) -> String? {
        if let authorization {
            guard fields["client_assertion"] == nil else { return "both Basic and an assertion" }
            guard authorization.hasPrefix("Basic "),
                let decoded = Data(base64Encoded: String(authorization.dropFirst(6))),
                let text = String(data: decoded, encoding: .utf8)
            else { return "not a Basic header" }
            let halves = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard halves.count == 2,
                let id = try? FormURLEncoding.decode("x=" + halves[0]).first?.1,
                let secret = try? FormURLEncoding.decode("x=" + halves[1]).first?.1
            else { return "Basic credentials not form-encoded" }
            guard id == application.clientID else { return "unknown client \(id)" }
            guard let expected = application.secret, secret == expected else { return "wrong secret" }
            return nil
        }
        guard fields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" else {
            return "client_assertion_type missing or wrong"
        }
        guard let assertion = fields["client_assertion"], let publicKey = application.publicKey else {
            return "no assertion or no key registered"
        }
        let verified: VerifiedJWT
        do {
            verified = try JWT.verifyRS256(assertion, key: publicKey)
        } catch {
            return "signature: \(error)"
        }
        let claims = verified.claims
        let now = Date()
        guard verified.header.algorithm == "RS256" else { return "alg \(verified.header.algorithm)" }
        guard verified.header.keyID == application.keyID else { return "kid \(verified.header.keyID ?? "none")" }
        guard claims.issuer == application.clientID, claims.subject == application.clientID else {
            return "iss/sub \(claims.issuer ?? "-")/\(claims.subject ?? "-")"
        }
        guard claims.audience.contains(issuer) else { return "aud \(claims.audience)" }
        guard let iat = claims.issuedAt, iat <= now.addingTimeInterval(1), iat >= now.addingTimeInterval(-3600) else {
            return "iat"
        }
        guard let exp = claims.expiresAt, exp > now.addingTimeInterval(1) else { return "exp" }
        return nil
    }

    private func json(_ status: Int, _ body: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: Array((body + "\n").utf8))
    }
}

/// Lets the server be created before the fake it calls back into is complete.
/// Holds the fake weakly: the fake owns the server, which owns this box.
private final class HandlerBox: HTTPHandler {
    private struct Weak { weak var fake: FakeZitadel? }
    private let target = Mutex(Weak())
    func set(_ fake: FakeZitadel) { target.withLock { $0.fake = fake } }
    func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
        guard let fake = target.withLock({ $0.fake }) else { return .response(HTTPResponse(status: 503)) }
        return fake.handle(request)
    }
}
