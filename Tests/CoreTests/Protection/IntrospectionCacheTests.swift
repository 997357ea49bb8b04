import Foundation
import Testing

@testable import Core

@Suite struct IntrospectionCacheTests {
    let clock = ManualClock()

    private func cache(ttl: Duration = .seconds(60), maximum: Int = 100) -> IntrospectionCache {
        IntrospectionCache(ttl: ttl, maximumEntryCount: maximum)
    }

    /// How the guard uses the cache: a remembered entry first, else the (shared) call.
    enum Seen: Equatable { case hit, miss, shared }

    private func ask(
        _ cache: IntrospectionCache, _ token: String, _ introspector: CountingIntrospector
    ) async -> (IntrospectionResult?, Seen) {
        let key = TokenCacheKey(token: token)
        if let entry = cache.entry(for: key, now: clock.now) { return (entry.result, .hit) }
        let clock = clock
        let (outcome, source) = await cache.answer(
            for: token, key: key, fingerprint: TokenFingerprint.digits(of: token), clock: { clock.now }
        ) { token in
            do throws(IntrospectionError) { return .success(try await introspector.introspect(token: token)) } catch {
                return .failure(error)
            }
        }
        return (try? outcome.get(), source == .miss ? .miss : .shared)
    }

    private func activeUntil(_ offset: TimeInterval) -> IntrospectionResult {
        .active(Principal(subject: "7", roles: ["read:messages"], expiresAt: clock.now.addingTimeInterval(offset)))
    }

    private func isCached(_ cache: IntrospectionCache, _ token: String) -> Bool {
        cache.entry(for: TokenCacheKey(token: token), now: clock.now) != nil
    }

    @Test func repeatedRequestsWithOneTokenIntrospectOnce() async {
        let answer = activeUntil(3600)
        let introspector = CountingIntrospector { _ in .success(answer) }
        let cache = cache()
        let (first, firstSeen) = await ask(cache, "t", introspector)
        #expect(first == answer)
        #expect(firstSeen == .miss)
        for _ in 0..<10 {
            let (again, seen) = await ask(cache, "t", introspector)
            #expect(again == answer)
            #expect(seen == .hit)
        }
        #expect(introspector.callCount == 1)
    }

    @Test func anEntryKeepsTheTokensFingerprintNotTheToken() async {
        let introspector = CountingIntrospector { [answer = activeUntil(3600)] _ in .success(answer) }
        let cache = cache()
        _ = await ask(cache, "secret-token", introspector)
        let entry = cache.entry(for: TokenCacheKey(token: "secret-token"), now: clock.now)
        #expect(entry?.tokenFingerprint == TokenFingerprint.digits(of: "secret-token"))
        #expect(!String(describing: entry as Any).contains("secret-token"))
    }

    @Test func concurrentFirstRequestsShareOneIntrospection() async {
        let answer = activeUntil(3600)
        let introspector = CountingIntrospector(delay: .milliseconds(200)) { _ in .success(answer) }
        let cache = cache()
        let seen = await withTaskGroup(of: Seen.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    let (result, seen) = await ask(cache, "t", introspector)
                    #expect(result == answer)
                    return seen
                }
            }
            return await group.reduce(into: [Seen]()) { $0.append($1) }
        }
        #expect(introspector.callCount == 1)
        #expect(seen.filter { $0 == .miss }.count == 1)
        #expect(seen.filter { $0 != .miss }.count == 19)
    }

    @Test func concurrentInactiveRequestsAlsoShareButAreNotKept() async {
        // The answer is held until the test releases it, and the other nine requests join the call in flight before
        // that (they take it from `callInFlight`, as the guard does), so none can come after the answer and start a
        // second call, however the machine schedules them.
        let released = SharedCount()
        let introspector = CountingIntrospector(beforeAnswer: {
            let deadline = ContinuousClock.now + .seconds(30)
            while released.value == 0 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        }) { _ in .success(.inactive) }
        let cache = cache()
        let key = TokenCacheKey(token: "t")
        async let first = ask(cache, "t", introspector)
        while cache.callInFlight(for: key) == nil { try? await Task.sleep(for: .milliseconds(5)) }
        let joined = (0..<9).compactMap { _ in cache.callInFlight(for: key) }
        released.increment()
        #expect(await first.0 == .inactive)
        for call in joined { #expect(await call.value == .success(.inactive)) }
        #expect(joined.count == 9)
        #expect(introspector.callCount == 1)
        #expect(cache.count == 0)
        _ = await ask(cache, "t", introspector)
        #expect(introspector.callCount == 2)
    }

    @Test func entryExpiresAfterTheTTL() async {
        let introspector = CountingIntrospector { [clock] _ in
            .success(.active(Principal(expiresAt: clock.now.addingTimeInterval(3600))))
        }
        let cache = cache(ttl: .seconds(60))
        _ = await ask(cache, "t", introspector)
        clock.advance(by: 59)
        #expect(isCached(cache, "t"))
        clock.advance(by: 1)
        #expect(!isCached(cache, "t"))
        #expect(cache.count == 0)  // looking up an expired entry drops it
        let (_, seen) = await ask(cache, "t", introspector)
        #expect(seen == .miss)
        #expect(introspector.callCount == 2)
    }

    @Test func entryNeverOutlivesTheTokensExp() async {
        let introspector = CountingIntrospector { [answer = activeUntil(5)] _ in .success(answer) }
        let cache = cache(ttl: .seconds(60))
        _ = await ask(cache, "t", introspector)
        clock.advance(by: 4.9)
        #expect(isCached(cache, "t"))
        clock.advance(by: 0.1)
        #expect(!isCached(cache, "t"))
    }

    @Test func inactiveAndExpiredAnswersAndFailuresAreNeverCached() async {
        let introspector = CountingIntrospector { [clock] token in
            switch token {
            case "inactive": return .success(.inactive)
            case "expired": return .success(.active(Principal(expiresAt: clock.now.addingTimeInterval(-1))))
            default: return .failure(.unavailable(endpoint: "x", reason: "HTTP 503"))
            }
        }
        let cache = cache()
        for token in ["inactive", "expired", "failing"] {
            for _ in 0..<3 { _ = await ask(cache, token, introspector) }
            #expect(!isCached(cache, token))
        }
        #expect(introspector.callCount == 9)
        #expect(cache.count == 0)
    }

    @Test func zeroTTLKeepsNothing() async {
        let introspector = CountingIntrospector { [answer = activeUntil(3600)] _ in .success(answer) }
        let cache = cache(ttl: .zero)
        for _ in 0..<3 {
            let (_, seen) = await ask(cache, "t", introspector)
            #expect(seen == .miss)
        }
        #expect(introspector.callCount == 3)
        #expect(cache.count == 0)
    }

    @Test func fullCacheEvictsTheEntryClosestToExpiry() async {
        let introspector = CountingIntrospector { [clock] token in
            .success(.active(Principal(expiresAt: clock.now.addingTimeInterval(Double(token)!))))
        }
        let cache = cache(ttl: .seconds(3600), maximum: 3)
        for token in ["30", "10", "20", "40"] { _ = await ask(cache, token, introspector) }
        #expect(cache.count == 3)
        #expect(!isCached(cache, "10"))
        for token in ["20", "30", "40"] { #expect(isCached(cache, token)) }
    }

    @Test func fullCacheDropsExpiredEntriesFirst() async {
        let introspector = CountingIntrospector { [clock] token in
            .success(.active(Principal(expiresAt: clock.now.addingTimeInterval(Double(token)!))))
        }
        let cache = cache(ttl: .seconds(3600), maximum: 3)
        for token in ["1", "2", "100"] { _ = await ask(cache, token, introspector) }
        clock.advance(by: 5)
        _ = await ask(cache, "50", introspector)
        #expect(cache.count == 2)
        #expect(isCached(cache, "100"))
        #expect(isCached(cache, "50"))
    }
}
