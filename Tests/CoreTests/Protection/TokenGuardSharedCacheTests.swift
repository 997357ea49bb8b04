import Foundation
import Synchronization
import Testing

@testable import Core

/// The guard with a shared cache behind its own: what replicas share, what never crosses it, and a shared cache that
/// fails (the same against a real redis-server: RedisSharedCacheTests, and with API processes: ReplicaTests).
@Suite struct TokenGuardSharedCacheTests {
    let clock = ManualClock()

    private var exp: Date { clock.now.addingTimeInterval(3600) }

    private func replica(
        _ shared: MemorySharedCache, _ introspector: CountingIntrospector, events: Events = Events()
    ) -> TokenGuard {
        let clock = clock
        return TokenGuard(
            introspector: introspector, sharedCache: shared, events: { events.record($0) }, now: { clock.now })
    }

    final class Events: Sendable {
        private let list = Mutex<[TokenGuardEvent]>([])
        func record(_ event: TokenGuardEvent) { list.withLock { $0.append(event) } }
        var all: [TokenGuardEvent] { list.withLock { $0 } }
    }

    private func check(_ tokenGuard: TokenGuard, _ token: String) async -> TokenVerdict {
        await tokenGuard.check(authorization: ["Bearer \(token)"], requirement: .activeToken, client: nil)
    }

    /// The shared cache's name for `token`.
    private func digest(_ token: String) -> String { SHA256.digest(token.utf8).hex }

    @Test func twoReplicasIntrospectATokenOnceBetweenThem() async throws {
        let shared = MemorySharedCache()
        let introspector = CountingIntrospector { [exp] _ in
            .success(.active(Principal(subject: "7", roles: ["read:messages"], expiresAt: exp)))
        }
        let first = replica(shared, introspector)
        let second = replica(shared, introspector)
        #expect(await check(first, "t").source == .introspection)
        // The store is in the background: wait for it, bounded.
        let deadline = ContinuousClock.now + .seconds(10)
        while shared.count == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        let verdict = await check(second, "t")
        #expect(verdict.source == .sharedCache)
        #expect(verdict.principal?.roles == ["read:messages"])
        #expect(await check(second, "t").source == .cache, "kept in the second replica's own cache too")
        #expect(introspector.callCount == 1)
    }

    @Test func replicasGettingANewTokenAtTheSameMomentIntrospectItOnce() async throws {
        let shared = MemorySharedCache()
        let introspector = CountingIntrospector(delay: .milliseconds(50)) { [exp] _ in
            .success(.active(Principal(subject: "7", expiresAt: exp)))
        }
        let replicas = (0..<3).map { _ in replica(shared, introspector) }
        let verdicts = await withTaskGroup(of: TokenVerdict.self) { group in
            for tokenGuard in replicas { group.addTask { await check(tokenGuard, "t") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(verdicts.allSatisfy { $0.principal != nil })
        #expect(introspector.callCount == 1, "one claims the token, the others wait for its answer")
        #expect(verdicts.filter { $0.source == .sharedCache }.count == 2)
    }

    @Test func aReplicaWhoseClaimWasTakenAsksItselfWhenNoAnswerComes() async throws {
        let shared = MemorySharedCache()
        _ = try await shared.claim(forTokenDigest: digest("t"), lifetime: .seconds(1))  // a replica that died asking
        let introspector = CountingIntrospector { [exp] _ in .success(.active(Principal(expiresAt: exp))) }
        let clock = clock
        let tokenGuard = TokenGuard(
            introspector: introspector, configuration: .init(sharedAnswerWait: .milliseconds(30)),
            sharedCache: shared, now: { clock.now })
        let start = ContinuousClock.now
        #expect(await check(tokenGuard, "t").source == .introspection)
        #expect(ContinuousClock.now - start >= .milliseconds(30))
        #expect(introspector.callCount == 1)
    }

    @Test func whatIsSharedIsNamedByTheTokensSHA256AndLivesNoLongerThanTheTokenOrTheTTL() async throws {
        let shared = MemorySharedCache()
        let soon = clock.now.addingTimeInterval(30)
        let introspector = CountingIntrospector { token in
            token == "short" ? .success(.active(Principal(expiresAt: soon))) : .success(.inactive)
        }
        let tokenGuard = replica(shared, introspector)
        _ = await check(tokenGuard, "short")
        _ = await check(tokenGuard, "dead")
        let deadline = ContinuousClock.now + .seconds(10)
        while shared.count < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        let short = try #require(shared.entry(digest("short")))
        #expect(short.lifetime <= .seconds(30) && short.lifetime > .seconds(29), "min(exp − now, TTL)")
        #expect(!String(decoding: short.json, as: UTF8.self).contains("short"), "never the token")
        let dead = try #require(shared.entry(digest("dead")))
        #expect(dead.lifetime == .seconds(5), "an inactive answer: the negative TTL")
    }

    @Test func aSharedEntryPastItsExpIsNeverServed() async throws {
        let shared = MemorySharedCache()
        shared.put(
            SharedAnswer(.active(Principal(expiresAt: clock.now.addingTimeInterval(-1))), servedUntil: exp).json,
                   forTokenDigest: digest("t"))
        let introspector = CountingIntrospector { _ in .success(.inactive) }
        let verdict = await check(replica(shared, introspector), "t")
        #expect(verdict.refusal?.status == 401)
        #expect(verdict.source == .introspection)
        #expect(introspector.callCount == 1)
    }

    @Test func aSharedAnswerIsServedNoLongerThanTheReplicaThatAskedServesIt() async throws {
        let shared = MemorySharedCache()
        // Another replica got it 50 s ago with a TTL of 60 s: 10 s left, here too, not a fresh 60.
        shared.put(
            SharedAnswer(.active(Principal(expiresAt: exp)), servedUntil: clock.now.addingTimeInterval(10)).json,
            forTokenDigest: digest("t"))
        let introspector = CountingIntrospector { [exp] _ in .success(.active(Principal(expiresAt: exp))) }
        let tokenGuard = replica(shared, introspector)
        #expect(await check(tokenGuard, "t").source == .sharedCache)
        clock.advance(by: 9)
        #expect(await check(tokenGuard, "t").source == .cache)
        clock.advance(by: 2)
        shared.failing = true  // the shared entry would be gone too by now
        #expect(await check(tokenGuard, "t").source == .introspection, "past the other replica's end")
        #expect(introspector.callCount == 1)
    }

    @Test func anExpCenturiesAwayIsServedForTheTTLWithoutCrashing() async throws {
        let introspector = CountingIntrospector { _ in
            .success(.active(Principal(expiresAt: Date(timeIntervalSince1970: 1e15))))
        }
        let shared = MemorySharedCache()
        #expect(await check(replica(shared, introspector), "t").principal != nil)
        let deadline = ContinuousClock.now + .seconds(10)
        while shared.count == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(shared.entry(digest("t"))?.lifetime == .seconds(60))
    }

    @Test func aSharedInactiveAnswerIsRefusedWithoutAskingZitadel() async throws {
        let shared = MemorySharedCache()
        shared.put(SharedAnswer(.inactive, servedUntil: exp).json, forTokenDigest: digest("revoked"))
        let introspector = CountingIntrospector { [exp] _ in .success(.active(Principal(expiresAt: exp))) }
        let verdict = await check(replica(shared, introspector), "revoked")
        #expect(verdict.refusal?.reason == .inactiveToken)
        #expect(introspector.callCount == 0)
    }

    @Test func junkInTheSharedCacheIsAMiss() async throws {
        let shared = MemorySharedCache()
        shared.put(Array("<html>".utf8), forTokenDigest: digest("t"))
        let introspector = CountingIntrospector { [exp] _ in .success(.active(Principal(expiresAt: exp))) }
        let events = Events()
        #expect(await check(replica(shared, introspector, events: events), "t").principal != nil)
        #expect(introspector.callCount == 1)
        #expect(events.all.contains(.sharedCacheLookup(.miss)))
    }

    @Test func aFailingSharedCacheIsReportedOnceAndTheGuardCarriesOn() async throws {
        let shared = MemorySharedCache()
        shared.failing = true
        let introspector = CountingIntrospector { [exp] token in
            token.hasPrefix("good") ? .success(.active(Principal(expiresAt: exp))) : .success(.inactive)
        }
        let events = Events()
        let tokenGuard = replica(shared, introspector, events: events)
        for index in 0..<5 { #expect(await check(tokenGuard, "good-\(index)").principal != nil) }
        #expect(await check(tokenGuard, "bad").refusal?.status == 401, "never 2xx without an active answer")
        let unavailable = events.all.filter { if case .sharedCacheUnavailable = $0 { true } else { false } }
        #expect(unavailable.count == 1)
        #expect(events.all.filter { $0 == .sharedCacheLookup(.error) }.count == 6)
        shared.failing = false
        #expect(await check(tokenGuard, "good-again").principal != nil)
        #expect(events.all.filter { $0 == .sharedCacheAvailable }.count == 1)
    }

    @Test func everyCallToZitadelIsReportedWithItsOutcome() async throws {
        let introspector = CountingIntrospector { [exp] token in
            switch token {
            case "active": .success(.active(Principal(expiresAt: exp)))
            case "inactive": .success(.inactive)
            case "limited": .failure(.rateLimited(endpoint: "z", status: 429, retryAfter: .milliseconds(1)))
            default: .failure(.unavailable(endpoint: "z", reason: "down"))
            }
        }
        let events = Events()
        let clock = clock
        let tokenGuard = TokenGuard(introspector: introspector, events: { events.record($0) }, now: { clock.now })
        for token in ["active", "inactive", "limited"] { _ = await check(tokenGuard, token) }
        clock.advance(by: 3)  // past the pause the 429 asked for
        _ = await check(tokenGuard, "down")
        let outcomes = events.all.compactMap { event -> TokenGuardEvent.IntrospectionOutcome? in
            if case .introspection(let outcome, _) = event { return outcome }
            return nil
        }
        #expect(outcomes == [.active, .inactive, .rateLimited, .unavailable])
    }
}
