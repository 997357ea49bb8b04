import Foundation
import Testing

@testable import Core

/// The sample API on a real socket under a flood, with clients at different loopback addresses (127.0.0.2, .3, …):
/// the budget per address, a trusted proxy's word about the client, the bound on calls in flight, the negative
/// cache. The introspector is in-process and counts what reaches "ZITADEL".
@Suite struct ProtectedAPIFloodTests {
    /// An API on 127.0.0.1 with its guard; stopped by `stop()`.
    final class Stack: Sendable {
        let introspector: CountingIntrospector
        let api: ProtectedAPI
        let server: HTTPServer
        let port: Int
        let clock = ManualClock(Date())

        init(
            _ configuration: TokenGuard.Configuration = .init(), trustedProxies: TrustedProxies = .none,
            introspector: CountingIntrospector = CountingIntrospector { _ in .success(.inactive) }
        ) throws {
            self.introspector = introspector
            let clock = clock
            api = ProtectedAPI(
                introspector: introspector, configuration: configuration, trustedProxies: trustedProxies,
                log: .silent, now: { clock.now })
            server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: api)
            port = try server.start()
        }

        /// `GET /api/private` from `source` with `token` and extra header lines; the status and `Retry-After`.
        func get(from source: String, token: String, headers: String = "") async throws -> (Int?, String?) {
            let port = port
            return try await offCooperativePool {
                let client = try RawHTTPClient(port: port, from: source)
                client.send(
                    "GET /api/private HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\(headers)"
                        + "Connection: close\r\n\r\n")
                let response = client.readResponse()
                return (response?.status, response?.header("Retry-After"))
            }
        }

        func stop() async { await server.shutdown(gracePeriod: .seconds(1)) }
    }

    @Test func aFloodingAddressGets429WhileAnotherAddressIsServed() async throws {
        let introspector = CountingIntrospector { token in
            token == "good" ? .success(.active(Principal(subject: "7"))) : .success(.inactive)
        }
        let stack = try Stack(introspector: introspector)
        var statuses: [Int?] = []
        for index in 0..<25 { statuses.append(try await stack.get(from: "127.0.0.2", token: "garbage-\(index)").0) }
        #expect(statuses.prefix(20).allSatisfy { $0 == 401 })
        #expect(statuses.suffix(5).allSatisfy { $0 == 429 })
        let (refused, retryAfter) = try await stack.get(from: "127.0.0.2", token: "garbage-x")
        #expect(refused == 429 && retryAfter == "1")
        #expect(introspector.callCount == 20)
        #expect(try await stack.get(from: "127.0.0.3", token: "good").0 == 200)
        // The budget refills: a tenth of a second later, one more.
        stack.clock.advance(by: 0.1)
        #expect(try await stack.get(from: "127.0.0.2", token: "garbage-y").0 == 401)
        #expect(try await stack.get(from: "127.0.0.2", token: "garbage-z").0 == 429)
        await stack.stop()
    }

    @Test func aTrustedProxysForwardedClientIsChargedAndAnUntrustedClaimIsIgnored() async throws {
        let proxies = try #require(TrustedProxies("127.0.0.4"))
        let stack = try Stack(.init(introspectionsPerClient: 1, introspectionBurstPerClient: 2), trustedProxies: proxies)
        // Through the trusted proxy, each named client has its own budget.
        for index in 0..<2 {
            #expect(try await stack.get(from: "127.0.0.4", token: "a\(index)", headers: "X-Forwarded-For: 198.51.100.7\r\n").0 == 401)
        }
        #expect(try await stack.get(from: "127.0.0.4", token: "a2", headers: "X-Forwarded-For: 198.51.100.7\r\n").0 == 429)
        #expect(try await stack.get(from: "127.0.0.4", token: "b0", headers: "Forwarded: for=198.51.100.8\r\n").0 == 401)
        // An untrusted peer naming a new client each time is still one client.
        var untrusted: [Int?] = []
        for index in 0..<3 {
            untrusted.append(
                try await stack.get(from: "127.0.0.5", token: "c\(index)", headers: "X-Forwarded-For: 203.0.113.\(index)\r\n").0)
        }
        #expect(untrusted == [401, 401, 429])
        await stack.stop()
    }

    @Test func theTableOfClientBudgetsStaysBounded() async throws {
        let proxies = try #require(TrustedProxies("127.0.0.4"))
        let stack = try Stack(.init(maximumTrackedClients: 50), trustedProxies: proxies)
        for index in 0..<200 {
            let address = "198.51.\(index / 256).\(index % 256)"
            #expect(try await stack.get(from: "127.0.0.4", token: "t\(index)", headers: "X-Forwarded-For: \(address)\r\n").0 == 401)
        }
        #expect(stack.api.tokenGuard.trackedClientCount <= 50)
        await stack.stop()
    }

    @Test func withEveryIntrospectionSlotBusyANewTokenGets503AtOnce() async throws {
        let release = SharedCount()
        let introspector = CountingIntrospector(beforeAnswer: {
            let deadline = ContinuousClock.now + .seconds(30)
            while release.value == 0 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        }) { _ in .success(.inactive) }
        let stack = try Stack(
            .init(maximumConcurrentIntrospections: 2, introspectionSlotWait: .milliseconds(200)), introspector: introspector)
        async let first = stack.get(from: "127.0.0.2", token: "slow-1")
        async let second = stack.get(from: "127.0.0.3", token: "slow-2")
        while introspector.callCount < 2 { try await Task.sleep(for: .milliseconds(5)) }
        let started = ContinuousClock.now
        let (status, retryAfter) = try await stack.get(from: "127.0.0.6", token: "third")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(status == 503 && retryAfter == "1")
        #expect(introspector.callCount == 2)
        release.increment()
        #expect(try await first.0 == 401)
        #expect(try await second.0 == 401)
        await stack.stop()
    }

    @Test func theNegativeCacheKeepsARetriedDeadTokenToOneCallPerPeriodAndIsBounded() async throws {
        let stack = try Stack(.init(maximumNegativeCacheEntries: 10, introspectionsPerClient: 0))
        for _ in 0..<20 { #expect(try await stack.get(from: "127.0.0.2", token: "revoked").0 == 401) }
        #expect(stack.introspector.callCount == 1)
        stack.clock.advance(by: 5)
        #expect(try await stack.get(from: "127.0.0.2", token: "revoked").0 == 401)
        #expect(stack.introspector.callCount == 2)
        for index in 0..<50 { _ = try await stack.get(from: "127.0.0.2", token: "dead-\(index)") }
        #expect(stack.api.tokenGuard.negativelyCachedTokenCount <= 10)
        await stack.stop()
    }
}
