import Foundation
import Synchronization
import Testing

@testable import Core

/// A stand-in introspector: answers from a table, counts calls, optionally slowly.
final class CountingIntrospector: TokenIntrospecting {
    private let answers: @Sendable (String) -> Result<IntrospectionResult, IntrospectionError>
    private let delay: Duration
    private let beforeAnswer: (@Sendable () async -> Void)?
    private let calls = Mutex(0)

    /// `beforeAnswer` is awaited before each answer: the test decides when the call ends.
    init(delay: Duration = .zero, beforeAnswer: (@Sendable () async -> Void)? = nil,
         answers: @escaping @Sendable (String) -> Result<IntrospectionResult, IntrospectionError>) {
        self.delay = delay
        self.beforeAnswer = beforeAnswer
        self.answers = answers
    }

    var callCount: Int { calls.withLock { $0 } }

    func introspect(token: String) async throws(IntrospectionError) -> IntrospectionResult {
        calls.withLock { $0 += 1 }
        if delay > .zero { try? await Task.sleep(for: delay) }
        await beforeAnswer?()
        return try answers(token).get()
    }
}

/// A wall clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite struct IntrospectionCacheTests {
    let clock = ManualClock()

    private func cache(
        _ introspector: CountingIntrospector, ttl: Duration = .seconds(60), maximum: Int = 100,
        routeRoles: [String] = []
    ) -> IntrospectionCache {
        let clock = clock
        return IntrospectionCache(
            introspector: introspector, ttl: ttl, maximumEntryCount: maximum, routeRoles: routeRoles,
            now: { clock.now })
    }

    private func activeUntil(_ offset: TimeInterval) -> IntrospectionResult {
        IntrospectionResult(active: true, expiresAt: clock.now.addingTimeInterval(offset), roles: ["read:messages"])
    }

    @Test func repeatedRequestsWithOneTokenIntrospectOnce() async {
        let answer = activeUntil(3600)
        let introspector = CountingIntrospector { _ in .success(answer) }
        let cache = cache(introspector)
        let key = TokenCacheKey(token: "t")
        let (first, firstSource) = await cache.result(for: "t", key: key)
        #expect(first == .success(answer))
        #expect(firstSource == .miss)
        for _ in 0..<10 {
            #expect(cache.cachedResult(for: key) == answer)
            let (_, source) = await cache.result(for: "t", key: key)
            #expect(source == .hit)
        }
        #expect(introspector.callCount == 1)
    }

    @Test func concurrentFirstRequestsShareOneIntrospection() async {
        let answer = activeUntil(3600)
        let introspector = CountingIntrospector(delay: .milliseconds(200)) { _ in .success(answer) }
        let cache = cache(introspector)
        let key = TokenCacheKey(token: "t")
        let sources = await withTaskGroup(of: IntrospectionCache.Source.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    let (outcome, source) = await cache.result(for: "t", key: key)
                    #expect(outcome == .success(answer))
                    return source
                }
            }
            return await group.reduce(into: [IntrospectionCache.Source]()) { $0.append($1) }
        }
        #expect(introspector.callCount == 1)
        #expect(sources.filter { $0 == .miss }.count == 1)
        #expect(sources.filter { $0 == .shared }.count + sources.filter { $0 == .hit }.count == 19)
    }

    @Test func concurrentInactiveRequestsAlsoShareButAreNotKept() async {
        // The answer comes only once all ten requests have asked (bounded wait), so none comes after it and starts
        // a second call, however slowly the machine schedules them.
        let askers = SharedCount()
        let introspector = CountingIntrospector(beforeAnswer: {
            let deadline = ContinuousClock.now + .seconds(30)
            while askers.value < 10 && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(5))
            }
        }) { _ in .success(IntrospectionResult(active: false)) }
        let cache = cache(introspector)
        let key = TokenCacheKey(token: "t")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    askers.increment()
                    _ = await cache.result(for: "t", key: key)
                }
            }
        }
        #expect(introspector.callCount == 1)
        #expect(cache.count == 0)
        _ = await cache.result(for: "t", key: key)
        #expect(introspector.callCount == 2)
    }

    @Test func entryExpiresAfterTheTTL() async {
        let introspector = CountingIntrospector { [clock] _ in
            .success(IntrospectionResult(active: true, expiresAt: clock.now.addingTimeInterval(3600)))
        }
        let cache = cache(introspector, ttl: .seconds(60))
        let key = TokenCacheKey(token: "t")
        _ = await cache.result(for: "t", key: key)
        clock.advance(by: 59)
        #expect(cache.cachedResult(for: key) != nil)
        clock.advance(by: 1)
        #expect(cache.cachedResult(for: key) == nil)
        let (_, source) = await cache.result(for: "t", key: key)
        #expect(source == .miss)
        #expect(introspector.callCount == 2)
    }

    @Test func entryNeverOutlivesTheTokensExp() async {
        let answer = activeUntil(5)
        let introspector = CountingIntrospector { _ in .success(answer) }
        let cache = cache(introspector, ttl: .seconds(60))
        let key = TokenCacheKey(token: "t")
        _ = await cache.result(for: "t", key: key)
        clock.advance(by: 4.9)
        #expect(cache.cachedResult(for: key) == answer)
        clock.advance(by: 0.1)
        #expect(cache.cachedResult(for: key) == nil)
    }

    @Test func inactiveAndExpiredAnswersAndFailuresAreNeverCached() async {
        let introspector = CountingIntrospector { [clock] token in
            switch token {
            case "inactive": return .success(IntrospectionResult(active: false))
            case "expired": return .success(IntrospectionResult(active: true, expiresAt: clock.now.addingTimeInterval(-1)))
            default: return .failure(.unavailable(endpoint: "x", reason: "HTTP 503"))
            }
        }
        let cache = cache(introspector)
        for token in ["inactive", "expired", "failing"] {
            for _ in 0..<3 { _ = await cache.result(for: token, key: TokenCacheKey(token: token)) }
            #expect(cache.cachedResult(for: TokenCacheKey(token: token)) == nil)
        }
        #expect(introspector.callCount == 9)
        #expect(cache.count == 0)
    }

    @Test func zeroTTLKeepsNothing() async {
        let answer = activeUntil(3600)
        let introspector = CountingIntrospector { _ in .success(answer) }
        let cache = cache(introspector, ttl: .zero)
        let key = TokenCacheKey(token: "t")
        for _ in 0..<3 {
            let (_, source) = await cache.result(for: "t", key: key)
            #expect(source == .miss)
        }
        #expect(introspector.callCount == 3)
        #expect(cache.count == 0)
    }

    @Test func fullCacheEvictsTheEntryClosestToExpiry() async {
        let introspector = CountingIntrospector { [clock] token in
            .success(IntrospectionResult(active: true, expiresAt: clock.now.addingTimeInterval(Double(token)!)))
        }
        let cache = cache(introspector, ttl: .seconds(3600), maximum: 3)
        for token in ["30", "10", "20", "40"] { _ = await cache.result(for: token, key: TokenCacheKey(token: token)) }
        #expect(cache.count == 3)
        #expect(cache.cachedResult(for: TokenCacheKey(token: "10")) == nil)
        for token in ["20", "30", "40"] { #expect(cache.cachedResult(for: TokenCacheKey(token: token)) != nil) }
    }

    @Test func fullCacheDropsExpiredEntriesFirst() async {
        let introspector = CountingIntrospector { [clock] token in
            .success(IntrospectionResult(active: true, expiresAt: clock.now.addingTimeInterval(Double(token)!)))
        }
        let cache = cache(introspector, ttl: .seconds(3600), maximum: 3)
        for token in ["1", "2", "100"] { _ = await cache.result(for: token, key: TokenCacheKey(token: token)) }
        clock.advance(by: 5)
        _ = await cache.result(for: "50", key: TokenCacheKey(token: "50"))
        #expect(cache.count == 2)
        #expect(cache.cachedResult(for: TokenCacheKey(token: "100")) != nil)
        #expect(cache.cachedResult(for: TokenCacheKey(token: "50")) != nil)
    }

    // MARK: - cachedDecision, the event loop's fast path

    @Test func cachedDecisionGrantsAndChecksRouteRolesWithoutTheAnswer() async {
        let introspector = CountingIntrospector { _ in
            .success(IntrospectionResult(active: true, roles: ["read:messages", "other"]))
        }
        let cache = cache(introspector, routeRoles: ["write:messages", "read:messages", "read:messages"])
        #expect(cache.routeRoles == ["write:messages", "read:messages"])
        let key = TokenCacheKey(token: "t")
        #expect(cache.cachedDecision(for: key, requiredRole: nil, now: clock.now) == nil)
        _ = await cache.result(for: "t", key: key)
        let bits = TokenDigest(token: "t").fingerprintBits
        #expect(cache.cachedDecision(for: key, requiredRole: nil, now: clock.now)! == (.granted, bits))
        #expect(cache.cachedDecision(for: key, requiredRole: "read:messages", now: clock.now)! == (.granted, bits))
        #expect(
            cache.cachedDecision(for: key, requiredRole: "write:messages", now: clock.now)!
                == (.missingRole("write:messages"), bits))
        #expect(introspector.callCount == 1)
    }

    @Test func aRoleOutsideRouteRolesFallsBackToTheFullAnswer() async {
        let introspector = CountingIntrospector { _ in .success(IntrospectionResult(active: true, roles: ["other"])) }
        let cache = cache(introspector, routeRoles: ["read:messages"])
        let key = TokenCacheKey(token: "t")
        _ = await cache.result(for: "t", key: key)
        // Not answerable from the bits: nil, and `result(for:)` serves the remembered answer without a call.
        #expect(cache.cachedDecision(for: key, requiredRole: "other", now: clock.now) == nil)
        let (outcome, source) = await cache.result(for: "t", key: key)
        #expect(source == .hit)
        #expect(AccessDecision.decide(outcome, requiredRole: "other", now: clock.now) == .granted)
        #expect(introspector.callCount == 1)
    }

    @Test func moreThan64RouteRolesKeepTheFirst64AndStayCorrect() async {
        let roles = (0..<70).map { "role-\($0)" }
        let introspector = CountingIntrospector { _ in .success(IntrospectionResult(active: true, roles: ["role-69", "role-63"])) }
        let cache = cache(introspector, routeRoles: roles)
        #expect(cache.routeRoles == Array(roles.prefix(64)))
        let key = TokenCacheKey(token: "t")
        _ = await cache.result(for: "t", key: key)
        #expect(cache.cachedDecision(for: key, requiredRole: "role-63", now: clock.now)?.decision == .granted)
        #expect(cache.cachedDecision(for: key, requiredRole: "role-0", now: clock.now)?.decision == .missingRole("role-0"))
        #expect(cache.cachedDecision(for: key, requiredRole: "role-69", now: clock.now) == nil)
        let (outcome, _) = await cache.result(for: "t", key: key)
        #expect(AccessDecision.decide(outcome, requiredRole: "role-69", now: clock.now) == .granted)
    }

    @Test func cachedDecisionDropsAnExpiredEntry() async {
        let answer = activeUntil(5)
        let introspector = CountingIntrospector { _ in .success(answer) }
        let cache = cache(introspector)
        let key = TokenCacheKey(token: "t")
        _ = await cache.result(for: "t", key: key)
        #expect(cache.cachedDecision(for: key, requiredRole: nil, now: clock.now.addingTimeInterval(4.9)) != nil)
        #expect(cache.cachedDecision(for: key, requiredRole: nil, now: clock.now.addingTimeInterval(5)) == nil)
        #expect(cache.count == 0)
        #expect(cache.cachedResult(for: key) == nil)
    }
}
