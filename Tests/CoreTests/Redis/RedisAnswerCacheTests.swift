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

    /// The key of `token`'s answer.
    private func key(_ token: String) -> String { "zitadel:introspection:v1:" + SHA256.digest(token.utf8).hex }

    /// Waits (bounded) until Redis holds the answers for `tokens`: the guard stores in the background.
    private func waitForAnswers(_ redis: RedisServerProcess, _ tokens: [String]) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while try redis.command(["EXISTS"] + tokens.map(key)) != String(tokens.count),
            ContinuousClock.now < deadline
        {
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
        try await waitForAnswers(redis, [token])
        let key = key(token)
        // The answer, and the claim this guard took before asking ZITADEL.
        let keys = try redis.command(["KEYS", "*"]).split(separator: "\n").map(String.init)
        #expect(keys.sorted() == [key, key + ":claim"])
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
            token == "dead"
                ? .success(.inactive) : .success(.active(Principal(roles: ["read:messages"], expiresAt: exp)))
        }
        let first = TokenGuard(introspector: introspector, sharedCache: try cache(redis))
        let second = TokenGuard(introspector: introspector, sharedCache: try cache(redis))
        _ = await check(first, "live")
        _ = await check(first, "dead")
        try await waitForAnswers(redis, ["live", "dead"])
        #expect(await check(second, "live").source == .sharedCache)
        let dead = await check(second, "dead")
        #expect(dead.source == .sharedCache && dead.refusal?.status == 401)
        #expect(introspector.callCount == 2)
        let deadTTL = try #require(Int(try redis.command(["PTTL", key("dead")])))
        #expect(deadTTL > 0 && deadTTL <= 5_000, "the negative TTL")
    }

    @Test func guardsAskingAtTheSameMomentIntrospectOnceThroughTheClaim() async throws {
        let redis = try await RedisServerProcess()
        let exp = Date().addingTimeInterval(3600)
        let introspector = CountingIntrospector(delay: .milliseconds(30)) { _ in
            .success(.active(Principal(expiresAt: exp)))
        }
        let guards = try (0..<3).map { _ in TokenGuard(introspector: introspector, sharedCache: try cache(redis)) }
        let granted = await withTaskGroup(of: Bool.self) { group in
            for tokenGuard in guards { group.addTask { await check(tokenGuard, "new").principal != nil } }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(granted == 3)
        #expect(introspector.callCount == 1)
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
