import Foundation
import Synchronization
import Testing

@testable import Core

/// What the guard sends to ZITADEL when clients flood it or ZITADEL asks for a pause: the negative cache, the budget
/// per client, the bound on calls in flight, and ZITADEL's Retry-After. (The same over sockets: ProtectedAPIFloodTests.)
@Suite struct TokenGuardFloodTests {
    let clock = ManualClock()

    private func tokenGuard(
        _ configuration: TokenGuard.Configuration = .init(), introspector: CountingIntrospector
    ) -> TokenGuard {
        let clock = clock
        return TokenGuard(introspector: introspector, configuration: configuration, now: { clock.now })
    }

    private var active: Result<IntrospectionResult, IntrospectionError> {
        .success(.active(Principal(subject: "7", expiresAt: clock.now.addingTimeInterval(3600))))
    }

    private func check(_ tokenGuard: TokenGuard, _ token: String, client: String? = "203.0.113.7") async -> TokenVerdict {
        await tokenGuard.check(authorization: ["Bearer \(token)"], requirement: .activeToken, client: client)
    }

    // MARK: - The negative cache

    @Test func anUnknownTokenSentTwentyTimesIsIntrospectedOncePerNegativeTTL() async {
        let introspector = CountingIntrospector { _ in .success(.inactive) }
        let tokenGuard = tokenGuard(introspector: introspector)
        for _ in 0..<20 { #expect(await check(tokenGuard, "unknown").refusal?.status == 401) }
        #expect(introspector.callCount == 1)
        #expect(await check(tokenGuard, "unknown").source == .negativeCache)
        clock.advance(by: 5)
        #expect(await check(tokenGuard, "unknown").source == .introspection)
        #expect(introspector.callCount == 2)
    }

    @Test func aZeroNegativeTTLRemembersNoInactiveAnswer() async {
        let introspector = CountingIntrospector { _ in .success(.inactive) }
        let tokenGuard = tokenGuard(.init(negativeCacheTTL: .zero), introspector: introspector)
        for _ in 0..<3 { _ = await check(tokenGuard, "unknown") }
        #expect(introspector.callCount == 3)
        #expect(tokenGuard.negativelyCachedTokenCount == 0)
    }

    @Test func inactiveAnswersAreBoundedAndCannotPushActiveOnesOut() async {
        let introspector = CountingIntrospector { [active] token in token == "good" ? active : .success(.inactive) }
        let tokenGuard = tokenGuard(
            .init(maximumNegativeCacheEntries: 10, introspectionsPerClient: 0), introspector: introspector)
        #expect(await check(tokenGuard, "good").principal != nil)
        for index in 0..<100 { _ = await check(tokenGuard, "garbage-\(index)") }
        #expect(tokenGuard.negativelyCachedTokenCount <= 10)
        #expect(await check(tokenGuard, "good").source == .cache)
    }

    // MARK: - The budget per client

    @Test func aClientPastItsBudgetGets429AndItsTokensAreNotSent() async {
        let introspector = CountingIntrospector { _ in .success(.inactive) }
        let tokenGuard = tokenGuard(introspector: introspector)
        for index in 0..<20 { #expect(await check(tokenGuard, "new-\(index)").refusal?.status == 401) }
        let refused = await check(tokenGuard, "new-20")
        #expect(refused.refusal?.status == 429)
        #expect(refused.refusal?.retryAfter == 1)
        #expect(refused.refusal?.headers.contains { $0.name == "Retry-After" && $0.value == "1" } == true)
        #expect(refused.refusal?.wwwAuthenticate == nil)
        #expect(refused.source == .limited)
        #expect(introspector.callCount == 20)
        // Another client is not charged for it; this one gets one more call a tenth of a second later.
        #expect(await check(tokenGuard, "other", client: "203.0.113.8").refusal?.status == 401)
        clock.advance(by: 0.1)
        #expect(await check(tokenGuard, "new-21").refusal?.status == 401)
        #expect(await check(tokenGuard, "new-22").refusal?.status == 429)
    }

    @Test func cacheHitsAndSharedCallsAreNeverCharged() async {
        let introspector = CountingIntrospector { [active] _ in active }
        let tokenGuard = tokenGuard(.init(introspectionsPerClient: 1, introspectionBurstPerClient: 1), introspector: introspector)
        #expect(await check(tokenGuard, "good").principal != nil)
        for _ in 0..<50 { #expect(await check(tokenGuard, "good").principal != nil) }
        #expect(await check(tokenGuard, "second").refusal?.status == 429)
        #expect(introspector.callCount == 1)
    }

    @Test func requestsWithoutAClientAddressAreNotCharged() async {
        let introspector = CountingIntrospector { _ in .success(.inactive) }
        let tokenGuard = tokenGuard(.init(introspectionsPerClient: 1, introspectionBurstPerClient: 1), introspector: introspector)
        for index in 0..<5 { #expect(await check(tokenGuard, "t\(index)", client: nil).refusal?.status == 401) }
        #expect(introspector.callCount == 5)
    }

    // MARK: - Calls in flight

    @Test func withEverySlotBusyANewTokenGets503QuicklyWithoutACall() async {
        let release = SharedCount()
        let introspector = CountingIntrospector(beforeAnswer: {
            while release.value == 0 { try? await Task.sleep(for: .milliseconds(5)) }
        }) { _ in .success(.inactive) }
        let tokenGuard = tokenGuard(
            .init(maximumConcurrentIntrospections: 2, introspectionSlotWait: .milliseconds(100)),
            introspector: introspector)
        async let first = check(tokenGuard, "slow-1")
        async let second = check(tokenGuard, "slow-2")
        while introspector.callCount < 2 { try? await Task.sleep(for: .milliseconds(5)) }
        let started = ContinuousClock.now
        let refused = await check(tokenGuard, "third")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(refused.refusal?.status == 503)
        #expect(refused.refusal?.retryAfter == 1)
        #expect(refused.source == .limited)
        #expect(introspector.callCount == 2)
        release.increment()
        #expect(await first.refusal?.status == 401)
        #expect(await second.refusal?.status == 401)
    }

    // MARK: - ZITADEL asks for a pause

    @Test func a429WithRetryAfterStopsCallsUntilItHasPassedWhileHitsKeepWorking() async {
        let limited = Mutex(true)
        let introspector = CountingIntrospector { [active] token in
            if token == "cached" { return active }
            return limited.withLock { $0 }
                ? .failure(.rateLimited(endpoint: "z", status: 429, retryAfter: .seconds(3))) : active
        }
        let tokenGuard = tokenGuard(introspector: introspector)
        #expect(await check(tokenGuard, "cached").principal != nil)
        let first = await check(tokenGuard, "new")
        #expect(first.refusal?.status == 503)
        #expect(first.refusal?.retryAfter == 3)
        let calls = introspector.callCount
        clock.advance(by: 2.5)
        let during = await check(tokenGuard, "another")
        #expect(during.refusal?.status == 503)
        #expect(during.refusal?.retryAfter == 1)
        #expect(during.source == .limited)
        #expect(introspector.callCount == calls)
        #expect(await check(tokenGuard, "cached").principal != nil)
        limited.withLock { $0 = false }
        clock.advance(by: 0.5)
        #expect(await check(tokenGuard, "another").principal != nil)
        #expect(introspector.callCount == calls + 1)
    }

    @Test func a503WithoutRetryAfterPausesOneToTwoSeconds() async {
        let introspector = CountingIntrospector { _ in .failure(.rateLimited(endpoint: "z", status: 503, retryAfter: nil)) }
        let tokenGuard = tokenGuard(introspector: introspector)
        let first = await check(tokenGuard, "a")
        #expect(first.refusal?.status == 503)
        #expect(first.refusal.map { $0.retryAfter == 1 || $0.retryAfter == 2 } == true)
        #expect(await check(tokenGuard, "b").source == .limited)
        clock.advance(by: 2)
        _ = await check(tokenGuard, "c")
        #expect(introspector.callCount == 2)
    }

    @Test func otherFailuresDoNotPause() async {
        let introspector = CountingIntrospector { _ in .failure(.unavailable(endpoint: "z", reason: "HTTP 502")) }
        let tokenGuard = tokenGuard(introspector: introspector)
        #expect(await check(tokenGuard, "a").refusal?.retryAfter == nil)
        _ = await check(tokenGuard, "b")
        #expect(introspector.callCount == 2)
    }
}
