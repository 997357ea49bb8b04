import Foundation
import Synchronization
import Testing
import TestSupport

@testable import Core

/// The token guard's shared cache in a real `redis-server`: what is stored under which name and for how long, two
/// guards sharing it, and Redis going away under a guard.
@Suite(
    .timeLimit(.minutes(2)),
    .enabled(if: ExternalTool.isUsable("redis-server"), "needs redis-server (./run-tests installs it)"))
struct RedisAnswerCacheTests {
    private func cache(_ redis: RedisServerProcess) throws -> RedisAnswerCache {
        RedisAnswerCache(client: RedisClient(configuration: .init(url: try RedisURL(parsing: redis.url()))))
    }

    private func check(_ tokenGuard: TokenGuard, _ token: String) async -> TokenVerdict {
        await tokenGuard.check(authorization: ["Bearer \(token)"], requirement: .activeToken, client: nil)
    }

    /// Waits (bounded) until Redis holds `count` keys: the guard stores in the background.
    private func waitForKeys(_ redis: RedisServerProcess, _ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while try redis.command(["DBSIZE"]) != String(count) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test func theKeyIsThePrefixAndTheTokensSHA256AndTheValueHoldsNoToken() async throws {
        let redis = try await RedisServerProcess()
        let exp = Date().addingTimeInterval(30)
        let introspector = CountingIntrospector { _ in
            .success(.active(Principal(subject: "user-7", clientID: "svc", roles: ["read:messages"], expiresAt: exp)))
        }
        let tokenGuard = TokenGuard(introspector: introspector, sharedCache: try cache(redis))
        let token = "opaque-token-value-123"
        #expect(await check(tokenGuard, token).principal != nil)
        try await waitForKeys(redis, 1)
        let key = "zitadel:introspection:v1:" + SHA256.digest(token.utf8).hex
        #expect(try redis.command(["KEYS", "*"]) == key)
        let value = try redis.command(["GET", key])
        #expect(!value.contains(token))
        #expect(value.contains("\"v\":1") && value.contains("\"sub\":\"user-7\""), "\(value)")
        let ttl = try #require(Int(try redis.command(["PTTL", key])))
        #expect(ttl > 25_000 && ttl <= 30_000, "min(exp − now, 60 s)")
    }

    @Test func twoGuardsOnOneRedisIntrospectATokenOnce() async throws {
        let redis = try await RedisServerProcess()
        let exp = Date().addingTimeInterval(3600)
        let introspector = CountingIntrospector { token in
            token == "dead" ? .success(.inactive) : .success(.active(Principal(roles: ["read:messages"], expiresAt: exp)))
        }
        let first = TokenGuard(introspector: introspector, sharedCache: try cache(redis))
        let second = TokenGuard(introspector: introspector, sharedCache: try cache(redis))
        _ = await check(first, "live")
        _ = await check(first, "dead")
        try await waitForKeys(redis, 2)
        #expect(await check(second, "live").source == .sharedCache)
        let dead = await check(second, "dead")
        #expect(dead.source == .sharedCache && dead.refusal?.status == 401)
        #expect(introspector.callCount == 2)
        let deadTTL = try #require(Int(try redis.command(["PTTL", "zitadel:introspection:v1:" + SHA256.digest("dead".utf8).hex])))
        #expect(deadTTL > 0 && deadTTL <= 5_000, "the negative TTL")
    }

    @Test func redisStoppedUnderTheGuardChangesNoAnswerAndCostsAtMostTheTimeout() async throws {
        let redis = try await RedisServerProcess()
        let exp = Date().addingTimeInterval(3600)
        let introspector = CountingIntrospector { token in
            token.hasPrefix("live") ? .success(.active(Principal(expiresAt: exp))) : .success(.inactive)
        }
        let events = EventList()
        let tokenGuard = TokenGuard(introspector: introspector, sharedCache: try cache(redis), events: events.record)
        #expect(await check(tokenGuard, "live-0").principal != nil)
        redis.stop()
        for index in 1...20 {
            let start = ContinuousClock.now
            #expect(await check(tokenGuard, "live-\(index)").principal != nil, "a new token is introspected")
            #expect(ContinuousClock.now - start < .milliseconds(500))
        }
        #expect(await check(tokenGuard, "gone").refusal?.status == 401, "never 2xx without an active answer")
        #expect(events.unavailable == 1, "reported once, not per request")
        #expect(introspector.callCount == 22)
    }
}

/// The guard's events, collected.
final class EventList: Sendable {
    private let list = Mutex<[TokenGuardEvent]>([])
    var record: @Sendable (TokenGuardEvent) -> Void { { [self] event in list.withLock { $0.append(event) } } }
    var all: [TokenGuardEvent] { list.withLock { $0 } }
    var unavailable: Int { all.filter { if case .sharedCacheUnavailable = $0 { true } else { false } }.count }
}
