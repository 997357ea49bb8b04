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
            introspector: introspector, cacheTTL: ttl, log: lines.log,
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
        IntrospectionResult(active: true, expiresAt: clock.now.addingTimeInterval(3600), roles: ["read:messages"])
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
        let (api, introspector) = api { _ in .success(IntrospectionResult(active: true)) }
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
        let (api, _) = api { [clock] _ in .success(IntrospectionResult(active: true, expiresAt: clock.now.addingTimeInterval(60))) }
        _ = await answer(api, request("/api/private", token: "tok"))
        let (response, immediate) = await answer(api, request("/api/private-scoped", token: "tok"))
        #expect(immediate)
        #expect(response.status == 403)
        #expect(response.headers["WWW-Authenticate"]?.hasPrefix(#"Bearer realm="api", error="insufficient_scope""#) == true)
        #expect(try json(response)["error"] == "insufficient_scope")
    }

    @Test func unknownPathIs404AndOtherMethodsAre405() async throws {
        let (api, _) = api { _ in .success(IntrospectionResult(active: true)) }
        let (missing, _) = await answer(api, request("/api/nothing"))
        #expect(missing.status == 404)
        #expect(try json(missing)["error"] == "not_found")
        let (post, _) = await answer(api, request("POST", "/api/private"))
        #expect(post.status == 405)
        #expect(post.headers["Allow"] == "GET, HEAD")
        #expect(try json(post)["error"] == "method_not_allowed")
    }

    @Test func headIsAnsweredLikeGet() async throws {
        let (api, _) = api { _ in .success(IntrospectionResult(active: true)) }
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
        let fingerprint = TokenDigest(token: token).fingerprint
        #expect(log[0].hasPrefix("GET /api/private 200 "))
        #expect(log[0].hasSuffix("cache=miss token=\(fingerprint)"))
        #expect(log[1].hasSuffix("cache=hit token=\(fingerprint)"))
        #expect(log[2].hasPrefix("GET /api/public 200 "))
        #expect(log[2].hasSuffix("cache=-"))
        #expect(log.allSatisfy { !$0.contains("secret-token-value") })
    }

    @Test func expiredCacheEntryIsIntrospectedAgain() async throws {
        let (api, introspector) = api(ttl: .seconds(10)) { [clock] _ in
            .success(IntrospectionResult(active: true, expiresAt: clock.now.addingTimeInterval(3600)))
        }
        _ = await answer(api, request("/api/private", token: "tok"))
        clock.advance(by: 11)
        let (response, immediate) = await answer(api, request("/api/private", token: "tok"))
        #expect(!immediate)
        #expect(response.status == 200)
        #expect(introspector.callCount == 2)
    }

    @Test func durationsPrintInMilliseconds() {
        #expect(RequestLog.milliseconds(.microseconds(1234)) == "1.234ms")
        #expect(RequestLog.milliseconds(.microseconds(5)) == "0.005ms")
        #expect(RequestLog.printable("/a\nb", limit: 10) == "/a?b")
    }
}

/// Collects log lines for inspection.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var log: RequestLog { RequestLog { line in self.lines.withLock { $0.append(line) } } }
}
