import Foundation
import Testing

@testable import Core

/// ZITADEL's 429 and 503 as the introspection and token clients read them, and what TokenProvider does with them.
@Suite struct RateLimitedAnswersTests {
    let now = Date(timeIntervalSince1970: 784_111_767)  // ten seconds before Sun, 06 Nov 1994 08:49:37 GMT

    private func introspection(_ status: Int, retryAfter: String?) -> IntrospectionError? {
        let headers = retryAfter.map { ["Retry-After": $0] } ?? [:]
        do {
            _ = try IntrospectionClient.interpret(
                OutboundResponse(status: status, headers: headers, body: []), endpoint: "http://z/introspect", now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func introspectionReads429And503WithTheirWait() {
        #expect(introspection(429, retryAfter: "3") == .rateLimited(endpoint: "http://z/introspect", status: 429, retryAfter: .seconds(3)))
        #expect(introspection(503, retryAfter: "Sun, 06 Nov 1994 08:49:37 GMT")
            == .rateLimited(endpoint: "http://z/introspect", status: 503, retryAfter: .seconds(10)))
        #expect(introspection(429, retryAfter: nil) == .rateLimited(endpoint: "http://z/introspect", status: 429, retryAfter: nil))
        #expect(introspection(429, retryAfter: "3")?.isTransient == true)
        #expect(introspection(502, retryAfter: "3") == .unavailable(endpoint: "http://z/introspect", reason: "HTTP 502"))
    }

    @Test func theTokenClientSaysZitadelIsRateLimitingAndWhenToTryAgain() {
        do {
            _ = try TokenClient.interpret(
                OutboundResponse(status: 429, headers: ["Retry-After": "30"], body: Array("slow down".utf8)),
                url: "http://z/oauth/v2/token", grant: .clientCredentials(clientID: "u", clientSecret: "s"), now: now)
            Issue.record("expected a failure")
        } catch {
            #expect(error == .rateLimited(url: "http://z/oauth/v2/token", status: 429, retryAfter: .seconds(30)))
            #expect(error.description.hasPrefix("ZITADEL is rate-limiting: the token endpoint http://z/oauth/v2/token "
                + "answered HTTP 429; try again in 30 s"))
            #expect(error.hint?.contains("about 50 requests/s per IP") == true)
        }
    }

    @Test func theProviderWaitsOutAShortRetryAfterOnce() async throws {
        let calls = SharedCount()
        let provider = TokenProvider(longestRetryWait: .seconds(5)) {
            calls.increment()
            if calls.value == 1 { throw TokenEndpointError.rateLimited(url: "z", status: 429, retryAfter: .milliseconds(200)) }
            return TokenResponse(accessToken: "at", tokenType: "Bearer", expiresIn: 3600)
        }
        let started = ContinuousClock.now
        #expect(try await provider.token().accessToken == "at")
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        #expect(calls.value == 2)
    }

    @Test func theProviderFailsAtOnceOnALongRetryAfterOrASecondRefusal() async {
        let calls = SharedCount()
        let long = TokenProvider(longestRetryWait: .seconds(5)) {
            calls.increment()
            throw TokenEndpointError.rateLimited(url: "z", status: 429, retryAfter: .seconds(60))
        }
        await #expect(throws: TokenEndpointError.rateLimited(url: "z", status: 429, retryAfter: .seconds(60))) {
            try await long.token()
        }
        #expect(calls.value == 1)
        let twice = SharedCount()
        let again = TokenProvider(longestRetryWait: .seconds(5)) {
            twice.increment()
            throw TokenEndpointError.rateLimited(url: "z", status: 429, retryAfter: .milliseconds(10))
        }
        await #expect(throws: TokenEndpointError.self) { try await again.token() }
        #expect(twice.value == 2)
    }

    /// Over a socket: an endpoint answering 429 with `Retry-After` in either form, and without one.
    @Test func retryAfterInBothFormsAndItsAbsenceReachTheIntrospectionClient() async throws {
        let inTwoMinutes = Date().addingTimeInterval(120)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let answers = ["7", formatter.string(from: inTwoMinutes), nil]
        let turn = SharedCount()
        let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: HTTPClosureHandler { _ in
            let answer = answers[min(turn.value, answers.count - 1)]
            turn.increment()
            var headers: HTTPHeaders = [:]
            if let answer { headers.set("Retry-After", answer) }
            return .response(.error(status: 429, error: "too_many_requests", description: "slow down", headers: headers))
        })
        let port = try server.start()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/oauth/v2/introspect"))
        let client = IntrospectionClient(
            issuer: "http://127.0.0.1:\(port)", endpoint: url, authentication: .clientSecretBasic(clientID: "a", secret: "b"))
        var waits: [Duration?] = []
        for _ in answers {
            do {
                _ = try await client.introspect(token: "t")
            } catch {
                guard case .rateLimited(_, 429, let retryAfter) = error else {
                    Issue.record("\(error)")
                    continue
                }
                waits.append(retryAfter)
            }
        }
        await server.shutdown(gracePeriod: .seconds(1))
        #expect(waits.count == 3)
        #expect(waits.first == .seconds(7))
        #expect(waits.dropFirst().first.flatMap { $0 }.map { $0 > .seconds(110) && $0 <= .seconds(120) } == true)
        #expect(waits.last == .some(nil))
    }
}
