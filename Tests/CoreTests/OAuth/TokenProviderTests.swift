import Foundation
import Testing
@testable import Core

@Suite struct TokenProviderTests {
    /// A clock the test moves by hand.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_700_000_000)
        func now() -> Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    /// Counts requests and answers each with a fresh token, optionally after a pause or with a failure.
    final class FakeEndpoint: @unchecked Sendable {
        private let lock = NSLock()
        private var calls = 0
        var expiresIn: Int? = 3600
        var delay: Duration = .zero
        var failure: (any Error)?
        var onFetch: (@Sendable () -> Void)?
        /// Awaited before answering: the test decides when the request ends.
        var beforeAnswer: (@Sendable () async -> Void)?

        var callCount: Int { lock.withLock { calls } }

        func fetch() async throws -> TokenResponse {
            let number = lock.withLock { calls += 1; return calls }
            onFetch?()
            if delay > .zero { try await Task.sleep(for: delay) }
            await beforeAnswer?()
            if let failure = lock.withLock({ failure }) { throw failure }
            return TokenResponse(accessToken: "token-\(number)", expiresIn: expiresIn)
        }

        func setFailure(_ error: (any Error)?) { lock.withLock { failure = error } }
    }

    struct Boom: Error, Equatable {}

    /// The provider, for the fake endpoint that is created before it.
    final class ProviderBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: TokenProvider?
        var provider: TokenProvider? {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }

    @Test func manyConcurrentCallersShareOneRequest() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        endpoint.delay = .milliseconds(200)
        let provider = TokenProvider(clock: clock.now, fetch: endpoint.fetch)
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await provider.token().accessToken } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(tokens.count == 50)
        #expect(Set(tokens) == ["token-1"])
        #expect(endpoint.callCount == 1)
    }

    @Test func keepsTheTokenUntilShortlyBeforeExpiryThenRefreshes() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        let provider = TokenProvider(refreshMargin: 60, clock: clock.now, fetch: endpoint.fetch)
        let first = try await provider.token()
        #expect(first.accessToken == "token-1")
        #expect(first.expiresAt == clock.now().addingTimeInterval(3600))
        clock.advance(3600 - 61)
        #expect(try await provider.token().accessToken == "token-1")
        #expect(endpoint.callCount == 1)
        clock.advance(2)   // now 59 s before expiry: inside the margin
        #expect(try await provider.token().accessToken == "token-2")
        #expect(endpoint.callCount == 2)
    }

    @Test func shortLivedTokensAreRefreshedAtHalfTheirLifetime() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        endpoint.expiresIn = 30
        let provider = TokenProvider(refreshMargin: 60, clock: clock.now, fetch: endpoint.fetch)
        #expect(try await provider.token().accessToken == "token-1")
        clock.advance(14)
        #expect(try await provider.token().accessToken == "token-1")
        clock.advance(1)
        #expect(try await provider.token().accessToken == "token-2")
    }

    @Test func lifetimeCountsFromWhenTheRequestWasSent() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        let sentAt = clock.now()
        endpoint.onFetch = { clock.advance(10) }   // the request takes 10 s
        let provider = TokenProvider(clock: clock.now, fetch: endpoint.fetch)
        #expect(try await provider.token().expiresAt == sentAt.addingTimeInterval(3600))
    }

    @Test func failuresReachAllWaitersAndAreNotKept() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        endpoint.setFailure(Boom())
        let callers = SharedCount()
        let box = ProviderBox()
        // The request fails only once all ten callers have called (bounded wait), so none comes after the failure
        // and starts a second request, however slowly the machine schedules them. A call on the actor then
        // queues behind theirs, so they have all joined the request in flight before it ends.
        endpoint.beforeAnswer = {
            let deadline = ContinuousClock.now + .seconds(30)
            while callers.value < 10 && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(5))
            }
            await box.provider?.invalidate()
        }
        let provider = TokenProvider(clock: clock.now, fetch: endpoint.fetch)
        box.provider = provider
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    callers.increment()
                    do { _ = try await provider.token(); return false } catch { return error is Boom }
                }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(failures == 10)
        #expect(endpoint.callCount == 1)
        endpoint.beforeAnswer = nil
        endpoint.setFailure(nil)
        #expect(try await provider.token().accessToken == "token-2")
    }

    @Test func neverHandsOutATokenThatExpiredOnArrival() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        endpoint.expiresIn = 5
        endpoint.onFetch = { clock.advance(6) }   // slower than the token's lifetime
        let provider = TokenProvider(clock: clock.now, fetch: endpoint.fetch)
        await #expect(throws: TokenProvider.Failure.expiredBeforeUse) { try await provider.token() }
    }

    @Test func neverHandsOutAKeptTokenPastItsExpiry() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        let provider = TokenProvider(refreshMargin: 0, clock: clock.now, fetch: endpoint.fetch)
        #expect(try await provider.token().accessToken == "token-1")
        clock.advance(3600)   // exactly at expiry: not valid any more
        endpoint.setFailure(Boom())
        await #expect(throws: Boom.self) { try await provider.token() }
    }

    @Test func tokensWithoutLifetimeAreNotKept() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        endpoint.expiresIn = nil
        let provider = TokenProvider(clock: clock.now, fetch: endpoint.fetch)
        #expect(try await provider.token().accessToken == "token-1")
        #expect(try await provider.token().accessToken == "token-2")
    }

    @Test func invalidateForcesANewRequest() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        let provider = TokenProvider(clock: clock.now, fetch: endpoint.fetch)
        _ = try await provider.token()
        await provider.invalidate()
        #expect(try await provider.token().accessToken == "token-2")
    }

    @Test func aCancelledCallerDoesNotCancelTheSharedRequest() async throws {
        let clock = ManualClock(), endpoint = FakeEndpoint()
        endpoint.delay = .milliseconds(200)
        let provider = TokenProvider(clock: clock.now, fetch: endpoint.fetch)
        let first = Task { try await provider.token() }
        try await Task.sleep(for: .milliseconds(50))
        first.cancel()
        #expect(try await provider.token().accessToken == "token-1")
        #expect(endpoint.callCount == 1)
    }

    @Test func descriptionShowsAFingerprintOnly() async throws {
        let endpoint = FakeEndpoint()
        let provider = TokenProvider(fetch: endpoint.fetch)
        let token = try await provider.token()
        #expect(!token.description.contains("token-1"))
        #expect(token.description.contains(TokenFingerprint.of("token-1")))
    }
}
