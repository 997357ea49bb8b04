import Foundation
import Synchronization

/// Protects routes with ZITADEL token introspection (RFC 7662), in any framework: one async call per request takes
/// the `Authorization` header, the route's requirement and the client's address, and says *granted* with the
/// token's principal, or *refused* with the exact answer to send.
///
/// ```swift
/// import Core
///
/// // Once, at start-up: the API application's credentials (client ID and secret, or a key file with
/// // `.privateKeyJWT(ClientAssertionIssuer(keyFile:issuer:))`).
/// let introspector = IntrospectionClient(
///     issuer: "https://my-instance.zitadel.cloud",
///     authentication: .clientSecretBasic(clientID: "…", secret: "…"))
/// let tokenGuard = TokenGuard(introspector: introspector)
///
/// // For each request to a protected route:
/// let verdict = await tokenGuard.check(
///     authorization: request.headers.values(for: "Authorization"),
///     requirement: .role("read:messages"),
///     client: remoteAddress)
/// switch verdict.decision {
/// case .granted(let principal):
///     print("request from \(principal.subject ?? "?") with roles \(principal.roles)")
/// case .refused(let refusal):
///     // Send refusal.status with refusal.headers and refusal.body; log refusal.cause if there is one.
/// }
/// ```
///
/// Invariant: `.granted` comes only from an introspection answer that said `"active": true` for this very token,
/// whose `exp` (if any) is still ahead, and which names the required role; every other path is a `Refusal`. The
/// rules for statuses and challenges live in `Refusal`.
///
/// Answers are cached (`IntrospectionCache`): for a token seen lately, `check` returns without suspending, and
/// `verdictWithoutWaiting` returns it without an `async` context at all, for servers that answer on an event loop.
///
/// A token that must be introspected passes three limits first, so that whoever can send requests cannot make the API
/// hammer ZITADEL (docs/zitadel.md, "Rate limits"): ZITADEL's own request for a pause after a 429 or 503
/// (`IntrospectionPause`), the client's budget (`ClientRateLimit`, 429) and the bound on calls in flight
/// (`IntrospectionSlots`, 503 at once when none frees up soon). Remembered tokens never meet any of them.
public final class TokenGuard: Sendable {
    /// Everything a guard can be told, with its default in plain sight.
    public struct Configuration: Sendable {
        /// The longest an active answer is reused (`INTROSPECTION_CACHE_TTL`); never past the token's `exp`. Zero
        /// turns the cache off (concurrent requests with one token still share a call).
        public var cacheTTL: Duration = .seconds(60)
        /// How many tokens the cache remembers at most.
        public var maximumCacheEntries: Int = 10_000
        /// How long an inactive answer is reused (`INTROSPECTION_NEGATIVE_TTL`): a client retrying an expired or
        /// revoked token then costs one call per period. Keep it short — ZITADEL also says inactive when something
        /// fails inside it. Zero turns it off.
        public var negativeCacheTTL: Duration = .seconds(5)
        /// How many inactive answers are remembered at most (a table of their own).
        public var maximumNegativeCacheEntries: Int = 10_000
        /// Introspections one client may cause per second (`INTROSPECTION_RATE_PER_CLIENT`); zero turns the budget
        /// off. A client is a `client` address given to `check` (an IPv6 one by its /64); requests without one are
        /// not charged.
        public var introspectionsPerClient: Double = 10
        /// How many introspections a client may cause at once after a quiet spell: the bucket's size.
        public var introspectionBurstPerClient: Int = 20
        /// How many clients' budgets are tracked at most; older ones are forgotten (they start afresh).
        public var maximumTrackedClients: Int = 10_000
        /// Introspections in flight at most (`INTROSPECTION_CONCURRENCY`).
        public var maximumConcurrentIntrospections: Int = 16
        /// How long a request waits for a free slot before it is refused with 503.
        public var introspectionSlotWait: Duration = .milliseconds(500)
        /// With a shared cache: how long a replica waits for the answer of another that is asking ZITADEL about the
        /// same token (`SharedAnswerCache.claim`), before it asks itself.
        public var sharedAnswerWait: Duration = .milliseconds(250)
        /// The `realm` of `WWW-Authenticate` challenges (RFC 6750 §3).
        public var realm: String = "api"

        public init(
            cacheTTL: Duration = .seconds(60), maximumCacheEntries: Int = 10_000,
            negativeCacheTTL: Duration = .seconds(5), maximumNegativeCacheEntries: Int = 10_000,
            introspectionsPerClient: Double = 10, introspectionBurstPerClient: Int = 20,
            maximumTrackedClients: Int = 10_000, maximumConcurrentIntrospections: Int = 16,
            introspectionSlotWait: Duration = .milliseconds(500), sharedAnswerWait: Duration = .milliseconds(250),
            realm: String = "api"
        ) {
            self.cacheTTL = cacheTTL
            self.maximumCacheEntries = maximumCacheEntries
            self.negativeCacheTTL = negativeCacheTTL
            self.maximumNegativeCacheEntries = maximumNegativeCacheEntries
            self.introspectionsPerClient = introspectionsPerClient
            self.introspectionBurstPerClient = introspectionBurstPerClient
            self.maximumTrackedClients = maximumTrackedClients
            self.maximumConcurrentIntrospections = maximumConcurrentIntrospections
            self.introspectionSlotWait = introspectionSlotWait
            self.sharedAnswerWait = sharedAnswerWait
            self.realm = realm
        }
    }

    public let configuration: Configuration
    private let introspector: any TokenIntrospecting
    private let cache: IntrospectionCache
    private let sharedCache: (any SharedAnswerCache)?
    private let events: (@Sendable (TokenGuardEvent) -> Void)?
    /// Whether the shared cache answered its last look-up or store, so that its going away and coming back are
    /// reported once each.
    private let sharedCacheAnswers = Atomic<Bool>(true)
    private let budget: ClientRateLimit?
    private let slots: IntrospectionSlots
    private let pause = IntrospectionPause()
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - introspector: usually an `IntrospectionClient`.
    ///   - sharedCache: answers shared with other replicas (`INTROSPECTION_CACHE_URL`), asked after this guard's
    ///     own cache and before ZITADEL; nil: none.
    ///   - events: told of every call to ZITADEL and every look-up in the shared cache, for metrics and logs.
    ///   - now: the wall clock, for `exp`; replaceable in tests.
    public init(
        introspector: any TokenIntrospecting, configuration: Configuration = .init(),
        sharedCache: (any SharedAnswerCache)? = nil, events: (@Sendable (TokenGuardEvent) -> Void)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.introspector = introspector
        self.configuration = configuration
        self.sharedCache = sharedCache
        self.events = events
        self.cache = IntrospectionCache(
            ttl: configuration.cacheTTL, maximumEntryCount: configuration.maximumCacheEntries,
            negativeTTL: configuration.negativeCacheTTL,
            maximumNegativeEntryCount: configuration.maximumNegativeCacheEntries)
        self.budget =
            configuration.introspectionsPerClient > 0
            ? ClientRateLimit(
                rate: configuration.introspectionsPerClient, burst: configuration.introspectionBurstPerClient,
                maximumClients: configuration.maximumTrackedClients)
            : nil
        self.slots = IntrospectionSlots(limit: configuration.maximumConcurrentIntrospections)
        self.now = now
    }

    /// The verdict for one request.
    ///
    /// - Parameters:
    ///   - authorization: every `Authorization` header value of the request, in order (none, one, or more).
    ///   - requirement: what the route asks of the token.
    ///   - client: the client's IP address: the peer of the connection, or the address a trusted proxy names.
    public func check(authorization: [String], requirement: TokenRequirement, client: String?) async -> TokenVerdict {
        switch firstStep(authorization: authorization, requirement: requirement) {
        case .decided(let verdict):
            return verdict
        case .introspect(let token, let key):
            return await introspect(token, key: key, requirement: requirement, client: client)
        }
    }

    /// A token the cache does not know: the answer of a call already in flight for it, or the one the shared cache
    /// remembers or is about to, or of a new call, made only within ZITADEL's pause, the client's budget and the bound
    /// on calls in flight.
    private func introspect(
        _ token: Substring, key: TokenCacheKey, requirement: TokenRequirement, client: String?
    ) async -> TokenVerdict {
        let fingerprint = TokenFingerprint.digits(of: token)
        // A request with the same token is already asking: its answer is this one's too, free of charge.
        if let running = cache.callInFlight(for: key) {
            return decide(await running.value, requirement, source: .sharedIntrospection, fingerprint: fingerprint)
        }
        // Another replica may have asked ZITADEL already: a shared answer is remembered here too.
        let digest = sharedCache.map { _ in SHA256.digest(token.utf8).hex }
        if let digest, let shared = await sharedAnswer(forTokenDigest: digest) {
            cache.remember(shared.result, for: key, fingerprint: fingerprint, now: now(), notAfter: shared.servedUntil)
            return decide(.success(shared.result), requirement, source: .sharedCache, fingerprint: fingerprint)
        }
        // ZITADEL asked for a pause (429 or 503): nothing is sent until it is over.
        if let wait = pause.remaining(at: now()) {
            return refuse(.introspectionUnavailable, source: .limited, fingerprint: fingerprint, retryAfter: wait)
        }
        // Again: a request with the same token may have started asking while this one looked in the shared cache.
        if let running = cache.callInFlight(for: key) {
            return decide(await running.value, requirement, source: .sharedIntrospection, fingerprint: fingerprint)
        }
        // The client's budget of introspections.
        if let budget, let client, let wait = budget.take(ClientKey(client), now: now()) {
            return refuse(.tooManyIntrospections, source: .limited, fingerprint: fingerprint, retryAfter: wait)
        }
        // One of the slots for calls in flight, waited for briefly.
        guard await slots.acquire(within: configuration.introspectionSlotWait) else {
            return refuse(
                .introspectionUnavailable, source: .limited, fingerprint: fingerprint, retryAfter: .seconds(1))
        }
        defer { slots.release() }
        // One call for this token in this process; with a shared cache, first the answer of another replica that
        // is asking ZITADEL about it right now, if one is (`answerOfAnotherReplica`).
        let fromAnotherReplica = Atomic<Bool>(false)
        let (outcome, source) = await cache.answer(
            for: String(token), key: key, fingerprint: fingerprint, clock: now
        ) { [self] token in
            if let digest, let shared = await answerOfAnotherReplica(forTokenDigest: digest) {
                fromAnotherReplica.store(true, ordering: .relaxed)
                return .success(shared)
            }
            return await introspectionOutcome(of: token)
        }
        if case .failure(.rateLimited(_, _, let retryAfter)) = outcome {
            pause.pause(for: retryAfter, from: now())
        }
        let shared = fromAnotherReplica.load(ordering: .relaxed)
        if source == .miss, !shared, let digest, case .success(let result) = outcome {
            share(result, forTokenDigest: digest)
        }
        let verdictSource: TokenVerdict.Source =
            source == .shared ? .sharedIntrospection : shared ? .sharedCache : .introspection
        return decide(outcome, requirement, source: verdictSource, fingerprint: fingerprint)
    }

    /// One call to the introspection endpoint, reported to `events` with how it ended and how long it took.
    private func introspectionOutcome(of token: String) async -> IntrospectionCache.Outcome {
        let start = ContinuousClock.now
        let outcome: IntrospectionCache.Outcome
        do throws(IntrospectionError) {
            outcome = .success(try await introspector.introspect(token: token))
        } catch {
            outcome = .failure(error)
        }
        if let events {
            let ended: TokenGuardEvent.IntrospectionOutcome =
                switch outcome {
                case .success(.active): .active
                case .success(.inactive): .inactive
                case .failure(.rateLimited): .rateLimited
                case .failure(.unavailable): .unavailable
                case .failure(.credentialsRejected), .failure(.requestRejected): .rejected
                }
            events(.introspection(ended, duration: ContinuousClock.now - start))
        }
        return outcome
    }

    /// The shared cache's answer, if it has one that may still be served; nil when it has none or cannot be asked.
    private func sharedAnswer(forTokenDigest digest: String) async -> SharedAnswer? {
        guard let sharedCache else { return nil }
        do {
            let shared = try await sharedCache.answer(forTokenDigest: digest)
            sharedCacheAnswered()
            // Never past the token's `exp` nor past the end the replica that asked gave it, whatever the shared
            // cache's own expiry said.
            let now = now()
            guard let shared, shared.servedUntil > now, cache.lifetime(of: shared.result, now: now) != nil else {
                events?(.sharedCacheLookup(.miss))
                return nil
            }
            events?(.sharedCacheLookup(.hit))
            return shared
        } catch {
            events?(.sharedCacheLookup(.error))
            sharedCacheFailed(error)
            return nil
        }
    }

    /// Claims the token for this replica's call (`SharedAnswerCache.claim`); when another replica holds the claim,
    /// looks for its answer in the shared cache every 10 ms for at most `sharedAnswerWait`. Nil: this replica asks
    /// ZITADEL itself (it holds the claim, the other's answer did not come in time, or the shared cache failed).
    /// The answer is kept here only as long as the other replica serves it.
    private func answerOfAnotherReplica(forTokenDigest digest: String) async -> IntrospectionResult? {
        guard let sharedCache else { return nil }
        do {
            if try await sharedCache.claim(forTokenDigest: digest, lifetime: .seconds(1)) { return nil }
        } catch {
            sharedCacheFailed(error)
            return nil
        }
        let deadline = ContinuousClock.now + configuration.sharedAnswerWait
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
            do {
                guard let shared = try await sharedCache.answer(forTokenDigest: digest) else { continue }
                let now = now()
                guard shared.servedUntil > now, cache.lifetime(of: shared.result, now: now) != nil else { return nil }
                events?(.sharedCacheLookup(.hit))
                return shared.result
            } catch {
                sharedCacheFailed(error)
                return nil
            }
        }
        return nil
    }

    /// Hands a new answer to the shared cache, for as long as this guard keeps it; in the background, so that no
    /// request waits for it.
    private func share(_ result: IntrospectionResult, forTokenDigest digest: String) {
        let now = now()
        guard let sharedCache, let lifetime = cache.lifetime(of: result, now: now) else { return }
        let answer = SharedAnswer(result, servedUntil: now.addingTimeInterval(IntrospectionCache.seconds(lifetime)))
        Task { [self] in
            do {
                try await sharedCache.remember(answer, forTokenDigest: digest, lifetime: lifetime)
                sharedCacheAnswered()
            } catch {
                sharedCacheFailed(error)
            }
        }
    }

    private func sharedCacheAnswered() {
        if !sharedCacheAnswers.exchange(true, ordering: .relaxed) { events?(.sharedCacheAvailable) }
    }

    /// Reports the shared cache gone, once, when it failed; not when it was only busy (`SharedCacheError`).
    private func sharedCacheFailed(_ error: any Error) {
        if let error = error as? any SharedCacheError, !error.isFailureOfTheCache { return }
        if sharedCacheAnswers.exchange(false, ordering: .relaxed) {
            events?(.sharedCacheUnavailable(reason: String(describing: error)))
        }
    }

    /// The verdict when the header alone or the cache decides it, without waiting (and without a client: nothing
    /// here is charged to one); nil when the token has to be introspected, which `check` then does. For servers that
    /// answer on an event loop and hand only the rest to a task; anyone else just calls `check`.
    public func verdictWithoutWaiting(authorization: [String], requirement: TokenRequirement) -> TokenVerdict? {
        if case .decided(let verdict) = firstStep(authorization: authorization, requirement: requirement) {
            return verdict
        }
        return nil
    }

    /// Number of tokens whose active answers are remembered (for tests and diagnostics).
    public var cachedTokenCount: Int { cache.count }

    /// Number of tokens whose inactive answers are remembered (for tests and diagnostics).
    public var negativelyCachedTokenCount: Int { cache.negativeCount }

    /// Number of clients whose budgets are tracked (for tests and diagnostics).
    public var trackedClientCount: Int { budget?.trackedClients ?? 0 }

    private enum Step {
        case decided(TokenVerdict)
        case introspect(Substring, TokenCacheKey)
    }

    private func firstStep(authorization: [String], requirement: TokenRequirement) -> Step {
        let now = now()
        switch BearerToken.extract(authorization: authorization) {
        case .missing: return .decided(refuse(.noToken, source: .header, fingerprint: nil))
        case .ambiguous: return .decided(refuse(.ambiguousCredentials, source: .header, fingerprint: nil))
        case .token(let token):
            let key = TokenCacheKey(token: token)
            guard let entry = cache.entry(for: key, now: now) else {
                // Checked only now: a remembered token passed this check before it was introspected (BearerToken).
                guard BearerToken.isToken68(token) else {
                    return .decided(refuse(.malformedToken, source: .header, fingerprint: nil))
                }
                return .introspect(token, key)
            }
            switch entry.result {
            case .active(let principal):
                return .decided(
                    decide(principal, requirement, source: .cache, fingerprint: entry.tokenFingerprint, now: now))
            case .inactive:
                return .decided(refuse(.inactiveToken, source: .negativeCache, fingerprint: entry.tokenFingerprint))
            }
        }
    }

    /// The rules after introspection: the answer's verdict, or why there is none.
    private func decide(
        _ outcome: IntrospectionCache.Outcome, _ requirement: TokenRequirement, source: TokenVerdict.Source,
        fingerprint: String
    ) -> TokenVerdict {
        switch outcome {
        case .success(.active(let principal)):
            return decide(principal, requirement, source: source, fingerprint: fingerprint, now: now())
        case .success(.inactive):
            return refuse(.inactiveToken, source: source, fingerprint: fingerprint)
        case .failure(let error):
            // A pause ZITADEL asked for is told to the client too; another failure has no known end.
            let retryAfter = if case .rateLimited = error { pause.remaining(at: now()) } else { nil as Duration? }
            let reason: Refusal.Reason = error.isTransient ? .introspectionUnavailable : .introspectionMisconfigured
            return refuse(reason, source: source, fingerprint: fingerprint, retryAfter: retryAfter, cause: error)
        }
    }

    /// The rules after an active answer: not expired, then the role.
    private func decide(
        _ principal: Principal, _ requirement: TokenRequirement, source: TokenVerdict.Source, fingerprint: String,
        now: Date
    ) -> TokenVerdict {
        if principal.isExpired(at: now) { return refuse(.expiredToken, source: source, fingerprint: fingerprint) }
        if case .role(let role) = requirement, !principal.hasRole(role) {
            return refuse(.missingRole(role), source: source, fingerprint: fingerprint)
        }
        return TokenVerdict(.granted(principal), source: source, tokenFingerprint: fingerprint)
    }

    private func refuse(
        _ reason: Refusal.Reason, source: TokenVerdict.Source, fingerprint: String?, retryAfter: Duration? = nil,
        cause: IntrospectionError? = nil
    ) -> TokenVerdict {
        let refusal = Refusal(
            reason, realm: configuration.realm, retryAfter: retryAfter.map(RetryAfter.seconds), cause: cause)
        return TokenVerdict(.refused(refusal), source: source, tokenFingerprint: fingerprint)
    }
}
