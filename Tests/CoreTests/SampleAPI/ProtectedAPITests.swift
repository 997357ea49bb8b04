import Foundation
import Synchronization
import Testing

@testable import Core

/// The handler called directly (no socket): which answers are given on the event loop and which defer, and what
/// each says. The same behaviour over a real socket is in ProtectedAPIServerTests.
@Suite struct ProtectedAPITests {
    let lines = LogLines()
    let clock = ManualClock()

    private func api(ttl: Duration = .seconds(60), answers: @escaping @Sendable (String) -> Result<IntrospectionResult, IntrospectionError>)
        -> (ProtectedAPI, CountingIntrospector)
    {
        let introspector = CountingIntrospector(answers: answers)
        let lines = lines
        let clock = clock
        let api = ProtectedAPI(
            introspector: introspector, configuration: .init(cacheTTL: ttl), log: lines.log,
            now: { clock.now })
        return (api, introspector)
    }

    private func request(_ target: String, token: String? = nil) -> HTTPRequest {
        request("GET", target, token: token)
    }

    private func request(_ method: String, _ target: String, token: String? = nil) -> HTTPRequest {
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token)") }
        return HTTPRequest(method: method, target: target, headers: headers)
    }

    /// The answer and whether it came without a task hop.
    private func answer(_ api: ProtectedAPI, _ request: HTTPRequest) async -> (HTTPResponse, immediate: Bool) {
        switch api.handle(request) {
        case .response(let response): return (response, true)
        case .deferred(let work): return (await work(), false)
        }
    }

    private func json(_ response: HTTPResponse) throws -> [String: JSONValue] {
        try #require(try JSONValue.parse(response.body).objectValue)
    }

    private var activeWithRole: IntrospectionResult {
        .active(Principal(roles: ["read:messages"], expiresAt: clock.now.addingTimeInterval(3600)))
    }

    @Test func publicRouteAnswersImmediatelyWithTheSampleMessage() async throws {
        let (api, introspector) = api { _ in .failure(.unavailable(endpoint: "x", reason: "unused")) }
        let (response, immediate) = await answer(api, request("/api/public"))
        #expect(immediate)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"message":"Public route - You don't need to be authenticated to see this."}"#)
        #expect(introspector.callCount == 0)
    }

    @Test func privateRouteWithoutTokenIs401WithBareChallenge() async throws {
        let (api, introspector) = api { _ in .success(.active(Principal())) }
        let (response, immediate) = await answer(api, request("/api/private"))
        #expect(immediate)
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == #"Bearer realm="api""#)
        #expect(try json(response)["error"] == "missing_authorization")
        #expect(introspector.callCount == 0)
    }

    @Test func firstRequestDefersThenTheCachedTokenIsAnsweredImmediately() async throws {
        let answer = activeWithRole
        let (api, introspector) = api { _ in .success(answer) }
        let (first, firstImmediate) = await self.answer(api, request("/api/private", token: "tok"))
        #expect(!firstImmediate)
        #expect(first.status == 200)
        #expect(
            String(decoding: first.body, as: UTF8.self)
                == #"{"message":"Private route - You need to be authenticated to see this."}"#)
        for target in ["/api/private", "/api/private-scoped"] {
            let (response, immediate) = await self.answer(api, request(target, token: "tok"))
            #expect(immediate, "\(target)")
            #expect(response.status == 200)
        }
        #expect(introspector.callCount == 1)
        let scoped = await self.answer(api, request("/api/private-scoped", token: "tok")).0
        #expect(
            String(decoding: scoped.body, as: UTF8.self)
                == #"{"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."}"#
        )
    }

    @Test func cachedTokenWithoutTheRoleIsRefused403Immediately() async throws {
        let (api, _) = api { [clock] _ in .success(.active(Principal(expiresAt: clock.now.addingTimeInterval(60)))) }
        _ = await answer(api, request("/api/private", token: "tok"))
        let (response, immediate) = await answer(api, request("/api/private-scoped", token: "tok"))
        #expect(immediate)
        #expect(response.status == 403)
        #expect(response.headers["WWW-Authenticate"]?.hasPrefix(#"Bearer realm="api", error="insufficient_scope""#) == true)
        #expect(try json(response)["error"] == "insufficient_scope")
    }

    @Test func unknownPathIs404AndOtherMethodsAre405() async throws {
        let (api, _) = api { _ in .success(.active(Principal())) }
        let (missing, _) = await answer(api, request("/api/nothing"))
        #expect(missing.status == 404)
        #expect(try json(missing)["error"] == "not_found")
        let (post, _) = await answer(api, request("POST", "/api/private"))
        #expect(post.status == 405)
        #expect(post.headers["Allow"] == "GET, HEAD")
        #expect(try json(post)["error"] == "method_not_allowed")
    }

    @Test func headIsAnsweredLikeGet() async throws {
        let (api, _) = api { _ in .success(.active(Principal())) }
        let (head, _) = await answer(api, request("HEAD", "/api/public"))
        let (get, _) = await answer(api, request("GET", "/api/public"))
        #expect(head.status == 200)
        #expect(head.body == get.body)  // the server drops a HEAD body and keeps its Content-Length
        let (headPrivate, _) = await answer(api, request("HEAD", "/api/private"))
        #expect(headPrivate.status == 401)
    }

    @Test func failuresAreLoggedAndMappedWithoutCaching() async throws {
        let (api, introspector) = api { token in
            token == "bad-creds"
                ? .failure(.credentialsRejected(endpoint: "http://z/oauth/v2/introspect", status: 400, error: "unauthorized_client"))
                : .failure(.unavailable(endpoint: "http://z/oauth/v2/introspect", reason: "HTTP 502"))
        }
        let (rejected, _) = await answer(api, request("/api/private", token: "bad-creds"))
        #expect(rejected.status == 500)
        #expect(rejected.headers["WWW-Authenticate"] == nil)
        #expect(try json(rejected)["error"] == "server_error")
        let (unavailable, _) = await answer(api, request("/api/private", token: "other"))
        #expect(unavailable.status == 503)
        #expect(try json(unavailable)["error"] == "temporarily_unavailable")
        _ = await answer(api, request("/api/private", token: "other"))
        #expect(introspector.callCount == 3)
        let log = lines.all.joined(separator: "\n")
        #expect(log.contains("the API's own credentials were rejected"))
    }

    @Test func logLinesNameRequestStatusAndCacheButNeverTheToken() async throws {
        let answer = activeWithRole
        let (api, _) = api { _ in .success(answer) }
        let token = "eyJhbGciOiJSUzI1NiJ9.secret-token-value.sig"
        _ = await self.answer(api, request("/api/private", token: token))
        _ = await self.answer(api, request("/api/private", token: token))
        _ = await self.answer(api, request("/api/public"))
        let log = lines.all
        #expect(log.count == 3)
        let fingerprint = TokenFingerprint.digits(of: token)
        #expect(log[0].hasPrefix("GET /api/private 200 "))
        #expect(log[0].hasSuffix("cache=miss token=\(fingerprint)"))
        #expect(log[1].hasSuffix("cache=hit token=\(fingerprint)"))
        #expect(log[2].hasPrefix("GET /api/public 200 "))
        #expect(log[2].hasSuffix("cache=-"))
        #expect(log.allSatisfy { !$0.contains("secret-token-value") })
    }

    @Test func expiredCacheEntryIsIntrospectedAgain() async throws {
        let (api, introspector) = api(ttl: .seconds(10)) { [clock] _ in
            .success(.active(Principal(expiresAt: clock.now.addingTimeInterval(3600))))
        }
        _ = await answer(api, request("/api/private", token: "tok"))
        clock.advance(by: 11)
        let (response, immediate) = await answer(api, request("/api/private", token: "tok"))
        #expect(!immediate)
        #expect(response.status == 200)
        #expect(introspector.callCount == 2)
    }

}

/// Collects log lines for inspection.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var log: RequestLog { RequestLog { line in self.lines.withLock { $0.append(line) } } }
}

/// The API as a user meets it: the team's HTTPServer on a socket, this process's HTTP client, and a fake ZITADEL
/// answering introspection. One test per row of the contract's status table, and the cache's promises.
@Suite struct ProtectedAPIOverSocketTests {
    static let secret = "api+secret/with%:!"
    static let inFuture = 4_102_444_800  // 2100-01-01

    /// A running API in front of a fake ZITADEL.
    final class Stack: Sendable {
        let fake: FakeZitadel
        let server: HTTPServer
        let api: ProtectedAPI
        let port: Int
        let lines = LogLines()
        let clock = ManualClock(Date())

        init(secret: String = ProtectedAPIOverSocketTests.secret, introspectionURL: URL? = nil, ttl: Duration = .seconds(60),
             timeout: Duration = .seconds(30)) throws {
            fake = try FakeZitadel(application: .init(clientID: "api@project", secret: ProtectedAPIOverSocketTests.secret))
            let introspector = IntrospectionClient(
                issuer: fake.issuer, endpoint: introspectionURL ?? fake.introspectionURL,
                authentication: .clientSecretBasic(clientID: "api@project", secret: secret),
                http: HTTPClient(configuration: .init(connectTimeout: timeout, totalTimeout: timeout)))
            let clock = clock
            api = ProtectedAPI(introspector: introspector, configuration: .init(cacheTTL: ttl), log: lines.log, now: { clock.now })
            server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: api)
            port = try server.start()
        }

        func get(_ path: String, token: String? = nil, method: String = "GET") async throws -> OutboundResponse {
            let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
            var headers: [(name: String, value: String)] = []
            if let token { headers.append(("Authorization", "Bearer \(token)")) }
            // Generous: a busy test machine may delay the answer; it must not turn into a false failure.
            return try await Self.client.send(OutboundRequest(method: method, url: url, headers: headers))
        }

        static let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), totalTimeout: .seconds(30)))

        func stop() async {
            await server.shutdown(gracePeriod: .seconds(2))
            await fake.stop()
        }
    }

    private func error(_ response: OutboundResponse) throws -> (String?, String?) {
        let members = try #require(try JSONValue.parse(response.body).objectValue)
        return (members["error"]?.stringValue, members["error_description"]?.stringValue)
    }

    @Test func noBearerHeaderIs401WithBareChallenge() async throws {
        let stack = try Stack()
        let response = try await stack.get("/api/private")
        await stack.stop()
        #expect(response.status == 401)
        #expect(response[header: "WWW-Authenticate"] == #"Bearer realm="api""#)
        #expect(try error(response).0 == "missing_authorization")
        #expect(stack.fake.introspectionCalls == 0)
    }

    @Test func unknownTokenBareInactiveAnswerIs401InvalidToken() async throws {
        let stack = try Stack()
        let response = try await stack.get("/api/private", token: "unknown-token")
        await stack.stop()
        #expect(response.status == 401)
        #expect(
            response[header: "WWW-Authenticate"]
                == #"Bearer realm="api", error="invalid_token", error_description="The access token is inactive, unknown, revoked or expired.""#
        )
        #expect(try error(response).0 == "invalid_token")
    }

    @Test func activeButExpiredTokenIs401InvalidToken() async throws {
        let stack = try Stack()
        let past = Int(Date().timeIntervalSince1970) - 10
        stack.fake.answer("expired", with: #"{"active":true,"exp":\#(past)}"#)
        let response = try await stack.get("/api/private", token: "expired")
        await stack.stop()
        #expect(response.status == 401)
        #expect(response[header: "WWW-Authenticate"]?.contains(#"error="invalid_token", error_description="The access token has expired.""#) == true)
        #expect(stack.api.tokenGuard.cachedTokenCount == 0)
    }

    @Test func activeTokenWithoutTheRoleReachesPrivateButNotScoped() async throws {
        let stack = try Stack()
        stack.fake.answer("no-role", with: #"{"active":true,"exp":\#(Self.inFuture)}"#)
        let privateResponse = try await stack.get("/api/private", token: "no-role")
        let scoped = try await stack.get("/api/private-scoped", token: "no-role")
        await stack.stop()
        #expect(privateResponse.status == 200)
        #expect(privateResponse.bodyText == #"{"message":"Private route - You need to be authenticated to see this."}"#)
        #expect(scoped.status == 403)
        #expect(scoped[header: "WWW-Authenticate"]?.hasPrefix(#"Bearer realm="api", error="insufficient_scope""#) == true)
        #expect(try error(scoped).0 == "insufficient_scope")
    }

    @Test func roleInTheGenericClaimOpensTheScopedRoute() async throws {
        let stack = try Stack()
        stack.fake.answer(
            "generic", with: #"{"active":true,"exp":\#(Self.inFuture),"urn:zitadel:iam:org:project:roles":{"read:messages":{"1":"acme"}}}"#)
        let response = try await stack.get("/api/private-scoped", token: "generic")
        await stack.stop()
        #expect(response.status == 200)
        #expect(
            response.bodyText
                == #"{"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."}"#)
    }

    @Test func roleOnlyInTheProjectClaimOpensTheScopedRoute() async throws {
        let stack = try Stack()
        stack.fake.answer(
            "project", with: #"{"active":true,"urn:zitadel:iam:org:project:294645919545032706:roles":{"read:messages":{"1":"acme"}},"scope":"openid"}"#)
        let response = try await stack.get("/api/private-scoped", token: "project")
        await stack.stop()
        #expect(response.status == 200)
    }

    @Test func roleOnlyInScopeDoesNotOpenTheScopedRoute() async throws {
        let stack = try Stack()
        stack.fake.answer("scope", with: #"{"active":true,"scope":"openid read:messages"}"#)
        let response = try await stack.get("/api/private-scoped", token: "scope")
        await stack.stop()
        #expect(response.status == 403)
    }

    @Test func zitadelTroubleIs503WithoutChallenge() async throws {
        let stack = try Stack(timeout: .milliseconds(300))
        let modes: [FakeZitadel.Mode] = [
            .status(500, body: #"{"error":"server_error"}"#), .status(503, body: ""), .status(429, body: "slow down"),
            .garbage, .slow(.seconds(10)),  // far beyond the 0.3 s timeout, even on a loaded machine
        ]
        for mode in modes {
            stack.fake.setMode(mode)
            let response = try await stack.get("/api/private", token: "tok")
            #expect(response.status == 503, "\(mode)")
            #expect(response[header: "WWW-Authenticate"] == nil)
            #expect(try error(response).0 == "temporarily_unavailable")
        }
        await stack.stop()
        #expect(stack.api.tokenGuard.cachedTokenCount == 0)
    }

    @Test func unreachableZitadelIs503() async throws {
        let closed = try SilentListener.closedPort()
        let stack = try Stack(introspectionURL: URL(string: "http://127.0.0.1:\(closed)/oauth/v2/introspect"))
        let response = try await stack.get("/api/private", token: "tok")
        await stack.stop()
        #expect(response.status == 503)
        #expect(stack.lines.all.contains { $0.contains("connection to http://127.0.0.1:\(closed)/oauth/v2/introspect failed") })
    }

    @Test func rejectedApiCredentialsAre500AndLogged() async throws {
        let stack = try Stack(secret: "api secret/with%:!")  // '+' sent as a space: ZITADEL sees another secret
        let response = try await stack.get("/api/private", token: "tok")
        await stack.stop()
        #expect(response.status == 500)
        #expect(response[header: "WWW-Authenticate"] == nil)
        #expect(try error(response).0 == "server_error")
        #expect(stack.lines.all.contains { $0.contains("the API's own credentials were rejected") })
        #expect(stack.lines.all.allSatisfy { !$0.contains("api secret") })
    }

    @Test func oneTokenWithinTheTTLIsIntrospectedOnce() async throws {
        let stack = try Stack()
        stack.fake.answer("tok", with: #"{"active":true,"exp":\#(Self.inFuture)}"#)
        for _ in 0..<5 {
            #expect(try await stack.get("/api/private", token: "tok").status == 200)
        }
        #expect(stack.fake.introspectionCalls == 1)
        stack.clock.advance(by: 61)
        #expect(try await stack.get("/api/private", token: "tok").status == 200)
        await stack.stop()
        #expect(stack.fake.introspectionCalls == 2)
        let cacheWords = stack.lines.all.compactMap { $0.split(separator: " ").first { $0.hasPrefix("cache=") } }
        #expect(cacheWords == ["cache=miss", "cache=hit", "cache=hit", "cache=hit", "cache=hit", "cache=miss"])
    }

    @Test func concurrentFirstRequestsShareOneIntrospection() async throws {
        let stack = try Stack()
        stack.fake.answer("tok", with: #"{"active":true,"exp":\#(Self.inFuture)}"#)
        stack.fake.setMode(.slow(.milliseconds(300)))
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 { group.addTask { try await stack.get("/api/private", token: "tok").status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        await stack.stop()
        #expect(statuses == Array(repeating: 200, count: 10))
        #expect(stack.fake.introspectionCalls == 1)
    }

    @Test func inactiveAnswersAreRememberedOnlyForTheNegativeTTL() async throws {
        let stack = try Stack()
        for _ in 0..<3 { #expect(try await stack.get("/api/private", token: "revoked").status == 401) }
        #expect(stack.fake.introspectionCalls == 1)
        stack.clock.advance(by: 5)
        #expect(try await stack.get("/api/private", token: "revoked").status == 401)
        await stack.stop()
        #expect(stack.fake.introspectionCalls == 2)
    }

    @Test func zeroTTLIntrospectsEveryRequest() async throws {
        let stack = try Stack(ttl: .zero)
        stack.fake.answer("tok", with: #"{"active":true,"exp":\#(Self.inFuture)}"#)
        for _ in 0..<3 { #expect(try await stack.get("/api/private", token: "tok").status == 200) }
        await stack.stop()
        #expect(stack.fake.introspectionCalls == 3)
    }

    @Test func headUnknownPathsAndOtherMethods() async throws {
        let stack = try Stack()
        stack.fake.answer("tok", with: #"{"active":true,"exp":\#(Self.inFuture)}"#)
        let head = try await stack.get("/api/private", token: "tok", method: "HEAD")
        let headPublic = try await stack.get("/api/public", method: "HEAD")
        let missing = try await stack.get("/api/nope")
        let delete = try await stack.get("/api/private", method: "DELETE")
        await stack.stop()
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(headPublic.status == 200)
        #expect(headPublic[header: "Content-Length"] == "76")
        #expect(missing.status == 404)
        #expect(try error(missing).0 == "not_found")
        #expect(delete.status == 405)
        #expect(delete[header: "Allow"] == "GET, HEAD")
    }
}

extension ProtectedAPITests {
    @Test func malformedTokenIs401WithoutIntrospection() async throws {
        let (api, introspector) = api { _ in .success(.active(Principal())) }
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer not\"a\"token")
        let (response, immediate) = await answer(api, HTTPRequest(method: "GET", target: "/api/private", headers: headers))
        #expect(immediate)
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"]?.contains("The access token is malformed.") == true)
        #expect(introspector.callCount == 0)
    }
}
