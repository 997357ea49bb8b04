import Foundation
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

extension StandInSuites {
    /// The API as a user meets it (`SampleAPIServer`: the team's HTTPServer on a socket, this process's HTTP client)
    /// in front of the stand-in: one test per row of the contract's status table that ZITADEL can produce, and the
    /// cache's promises; MisbehavingZitadel for what ZITADEL never answers. (Rows of role claims in one shape only,
    /// which ZITADEL never answers either: TokenGuardTests.)
    @Suite struct ProtectedAPIOverSocketTests {
        private func standIn() async throws -> StandIn { try await StandInSuites.standIn.value }

        private func error(_ response: OutboundResponse) throws -> (String?, String?) {
            let members = try #require(try JSONValue.parse(response.body).objectValue)
            return (members["error"]?.stringValue, members["error_description"]?.stringValue)
        }

        @Test func noBearerHeaderIs401WithBareChallenge() async throws {
            let standIn = try await standIn()
            let api = try SampleAPIServer(standIn)
            let before = standIn.counts
            let response = try await api.get("/api/private")
            await api.stop()
            #expect(response.status == 401)
            #expect(response[header: "WWW-Authenticate"] == #"Bearer realm="api""#)
            #expect(try error(response).0 == "missing_authorization")
            #expect(standIn.counts - before == RequestCounts())
        }

        @Test func unknownTokenIs401InvalidToken() async throws {
            let api = try SampleAPIServer(try await standIn())
            let response = try await api.get("/api/private", token: "not-a-token-of-this-instance")
            await api.stop()
            #expect(response.status == 401)
            #expect(
                response[header: "WWW-Authenticate"]
                    == #"Bearer realm="api", error="invalid_token", error_description="The access token is inactive, unknown, revoked or expired.""#
            )
            #expect(try error(response).0 == "invalid_token")
        }

        /// ZITADEL still calls the token active, but by the API's clock (two hours ahead here) its `exp` has passed.
        @Test func aTokenPastItsExpByTheAPIsClockIs401Expired() async throws {
            let standIn = try await standIn()
            let api = try SampleAPIServer(standIn)
            let token = try standIn.zitadel.accessToken(lifetime: 3600)
            api.clock.advance(by: 7200)
            let response = try await api.get("/api/private", token: token)
            await api.stop()
            #expect(response.status == 401)
            #expect(response[header: "WWW-Authenticate"]?.contains(#"error="invalid_token", error_description="The access token has expired.""#) == true)
            #expect(api.api.tokenGuard.cachedTokenCount == 0)
        }

        @Test func aTokenWithTheRoleOpensTheScopedRoute() async throws {
            let standIn = try await standIn()
            let api = try SampleAPIServer(standIn)
            let response = try await api.get("/api/private-scoped", token: try standIn.zitadel.accessToken())
            await api.stop()
            #expect(response.status == 200)
            #expect(
                response.bodyText
                    == #"{"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."}"#)
        }

        @Test func activeTokenWithoutTheRoleReachesPrivateButNotScoped() async throws {
            let standIn = try await standIn()
            let api = try SampleAPIServer(standIn)
            let token = try standIn.zitadel.accessToken(withRole: false)
            let privateResponse = try await api.get("/api/private", token: token)
            let scoped = try await api.get("/api/private-scoped", token: token)
            await api.stop()
            #expect(privateResponse.status == 200)
            #expect(privateResponse.bodyText == #"{"message":"Private route - You need to be authenticated to see this."}"#)
            #expect(scoped.status == 403)
            #expect(scoped[header: "WWW-Authenticate"]?.hasPrefix(#"Bearer realm="api", error="insufficient_scope""#) == true)
            #expect(try error(scoped).0 == "insufficient_scope")
        }

        @Test func zitadelTroubleIs503WithoutChallenge() async throws {
            let zitadel = try MisbehavingZitadel()
            let api = try SampleAPIServer(
                issuer: zitadel.issuer, introspectionURL: zitadel.introspectionURL,
                authentication: .clientSecretBasic(clientID: "api@project", secret: "secret"),
                timeout: .milliseconds(300))
            let answers: [MisbehavingZitadel.Answer] = [
                .json(500, #"{"error":"server_error"}"#), .json(503, ""),
                .body(429, contentType: "text/plain", "slow down"), .garbage,
                .late(.seconds(10), .json(200, #"{"active":false}"#)),  // far beyond the 0.3 s timeout, even on a loaded machine
            ]
            for answer in answers {
                zitadel.answerIntrospection(with: answer)
                let response = try await api.get("/api/private", token: "tok")
                #expect(response.status == 503, "\(answer)")
                #expect(response[header: "WWW-Authenticate"] == nil)
                #expect(try error(response).0 == "temporarily_unavailable")
            }
            await api.stop()
            await zitadel.stop()
            #expect(api.api.tokenGuard.cachedTokenCount == 0)
        }

        @Test func unreachableZitadelIs503() async throws {
            let closed = "http://127.0.0.1:\(try SilentListener.closedPort())"
            let api = try SampleAPIServer(
                issuer: closed, introspectionURL: URL(string: closed + "/oauth/v2/introspect"),
                authentication: .clientSecretBasic(clientID: "api@project", secret: "secret"))
            let response = try await api.get("/api/private", token: "tok")
            await api.stop()
            #expect(response.status == 503)
            #expect(api.lines.all.contains { $0.contains("connection to \(closed)/oauth/v2/introspect failed") })
        }

        @Test func rejectedApiCredentialsAre500AndLogged() async throws {
            let standIn = try await standIn()
            let api = try SampleAPIServer(standIn, secret: "wrong-api-secret")
            let response = try await api.get("/api/private", token: try standIn.zitadel.accessToken())
            await api.stop()
            #expect(response.status == 500)
            #expect(response[header: "WWW-Authenticate"] == nil)
            #expect(try error(response).0 == "server_error")
            #expect(api.lines.all.contains { $0.contains("the API's own credentials were rejected") })
            #expect(api.lines.all.allSatisfy { !$0.contains("wrong-api-secret") })
        }

        @Test func oneTokenWithinTheTTLIsIntrospectedOnce() async throws {
            let standIn = try await standIn()
            let api = try SampleAPIServer(standIn)
            let token = try standIn.zitadel.accessToken()
            let before = standIn.counts
            for _ in 0..<5 {
                #expect(try await api.get("/api/private", token: token).status == 200)
            }
            #expect(standIn.counts - before == RequestCounts(introspection: 1))
            api.clock.advance(by: 61)
            #expect(try await api.get("/api/private", token: token).status == 200)
            await api.stop()
            #expect(standIn.counts - before == RequestCounts(introspection: 2))
            let cacheWords = api.lines.all.compactMap { $0.split(separator: " ").first { $0.hasPrefix("cache=") } }
            #expect(cacheWords == ["cache=miss", "cache=hit", "cache=hit", "cache=hit", "cache=hit", "cache=miss"])
        }

        /// Ten requests arrive while the one introspection they wait for is still under way: ZITADEL answering slowly.
        @Test func concurrentFirstRequestsShareOneIntrospection() async throws {
            let zitadel = try MisbehavingZitadel(introspection: .late(
                .milliseconds(300), .json(200, #"{"active":true,"exp":4102444800}"#)))
            let api = try SampleAPIServer(
                issuer: zitadel.issuer, introspectionURL: zitadel.introspectionURL,
                authentication: .clientSecretBasic(clientID: "api@project", secret: "secret"))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try await api.get("/api/private", token: "tok").status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            await api.stop()
            await zitadel.stop()
            #expect(statuses == Array(repeating: 200, count: 10))
            #expect(zitadel.requests(to: "/oauth/v2/introspect").count == 1)
        }

        @Test func inactiveAnswersAreRememberedOnlyForTheNegativeTTL() async throws {
            let standIn = try await standIn()
            let api = try SampleAPIServer(standIn)
            let token = try standIn.zitadel.accessToken()
            #expect(standIn.zitadel.revoke(token))
            let before = standIn.counts
            for _ in 0..<3 { #expect(try await api.get("/api/private", token: token).status == 401) }
            #expect(standIn.counts - before == RequestCounts(introspection: 1))
            api.clock.advance(by: 5)
            #expect(try await api.get("/api/private", token: token).status == 401)
            await api.stop()
            #expect(standIn.counts - before == RequestCounts(introspection: 2))
        }

        @Test func zeroTTLIntrospectsEveryRequest() async throws {
            let standIn = try await standIn()
            let api = try SampleAPIServer(standIn, ttl: .zero)
            let token = try standIn.zitadel.accessToken()
            let before = standIn.counts
            for _ in 0..<3 { #expect(try await api.get("/api/private", token: token).status == 200) }
            await api.stop()
            #expect(standIn.counts - before == RequestCounts(introspection: 3))
        }

        @Test func headUnknownPathsAndOtherMethods() async throws {
            let standIn = try await standIn()
            let api = try SampleAPIServer(standIn)
            let head = try await api.get("/api/private", token: try standIn.zitadel.accessToken(), method: "HEAD")
            let headPublic = try await api.get("/api/public", method: "HEAD")
            let missing = try await api.get("/api/nope")
            let delete = try await api.get("/api/private", method: "DELETE")
            await api.stop()
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
