import Foundation
import Synchronization

/// Remembers introspection answers, so that a token is not sent to ZITADEL on every request, and makes concurrent
/// requests with the same new token share one introspection call.
///
/// A `Mutex`-guarded dictionary from `TokenCacheKey` (a keyed hash of the token) to the answer and the moment it
/// stops being served, plus the calls in flight. That is all: docs/performance.md measures what faster designs (a
/// copy per event loop, a memo of recent tokens) would buy — a few percent end to end, not worth their code.
///
/// Invariants:
/// - The token itself is never kept, only its `TokenFingerprint` for log lines.
/// - An active answer lives min(`exp` − now, `ttl`) and is never served at or after that moment, so a hit is never
///   past the token's own `exp`. `ttl` zero keeps none (concurrent requests still share a call).
/// - An inactive answer lives `negativeTTL` (a few seconds: ZITADEL also says inactive when something fails inside
///   it), in a table of its own, so that a client retrying a dead token costs one call per period and a flood of
///   unknown tokens cannot push active entries out. Failures are never kept.
/// - At most `maximumEntryCount` active and `maximumNegativeEntryCount` inactive entries: inserting into a full table
///   first drops its expired entries, then the one closest to expiry (an O(n) scan, paid only when full).
/// - The trade-off of every introspection cache: a token revoked in ZITADEL keeps working here until its entry
///   expires (docs/zitadel.md, "What the APIs cache").
final class IntrospectionCache: Sendable {
    typealias Outcome = Result<IntrospectionResult, IntrospectionError>

    /// A remembered answer.
    struct Entry: Sendable {
        /// `.active` or `.inactive`.
        var result: IntrospectionResult
        /// The entry is never served at or after this moment: min(`exp`, insertion + `ttl`) for an active answer,
        /// insertion + `negativeTTL` for an inactive one.
        var expiresAt: Date
        /// `TokenFingerprint.digits(of:)` of the token, for the log lines of hits.
        var tokenFingerprint: String
    }

    /// How a request's answer was obtained.
    enum Source: String, Sendable {
        /// This request asked ZITADEL.
        case miss
        /// Another request with the same token was already asking; this one waited for that answer.
        case shared
    }

    let ttl: Duration
    let maximumEntryCount: Int
    let negativeTTL: Duration
    let maximumNegativeEntryCount: Int
    private let state = Mutex(State())

    private struct State {
        var active: [TokenCacheKey: Entry] = [:]
        var inactive: [TokenCacheKey: Entry] = [:]
        var inFlight: [TokenCacheKey: Task<Outcome, Never>] = [:]
    }

    /// - Parameters:
    ///   - ttl: the longest an active answer is reused (`INTROSPECTION_CACHE_TTL`); zero keeps none.
    ///   - maximumEntryCount: the bound on remembered active tokens.
    ///   - negativeTTL: how long an inactive answer is reused (`INTROSPECTION_NEGATIVE_TTL`); zero keeps none.
    ///   - maximumNegativeEntryCount: the bound on remembered inactive tokens.
    init(ttl: Duration, maximumEntryCount: Int, negativeTTL: Duration = .zero, maximumNegativeEntryCount: Int = 10_000) {
        self.ttl = max(ttl, .zero)
        self.maximumEntryCount = max(1, maximumEntryCount)
        self.negativeTTL = max(negativeTTL, .zero)
        self.maximumNegativeEntryCount = max(1, maximumNegativeEntryCount)
    }

    /// The remembered answer for `key`, if it may still be served at `now`.
    func entry(for key: TokenCacheKey, now: Date) -> Entry? {
        state.withLock { Self.remembered(key, in: &$0, now: now) }
    }

    private static func remembered(_ key: TokenCacheKey, in state: inout State, now: Date) -> Entry? {
        if let entry = state.active[key] {
            if now < entry.expiresAt { return entry }
            state.active[key] = nil
        }
        if let entry = state.inactive[key] {
            if now < entry.expiresAt { return entry }
            state.inactive[key] = nil
        }
        return nil
    }

    /// The call in flight for `key`, if a request is asking about the same token right now.
    func callInFlight(for key: TokenCacheKey) -> Task<Outcome, Never>? {
        state.withLock { $0.inFlight[key] }
    }

    /// The answer for a token that `entry(for:now:)` did not know: the result of a call already in flight for the
    /// same token, or of a new call to `introspect`, whose answer is remembered when active at `clock()`.
    func answer(
        for token: String, key: TokenCacheKey, fingerprint: String, clock: @escaping @Sendable () -> Date,
        introspect: @escaping @Sendable (String) async -> Outcome
    ) async -> (Outcome, Source) {
        let now = clock()
        enum Found {
            case call(Task<Outcome, Never>, Source)
            case remembered(Entry)
        }
        let found: Found = state.withLock { state in
            if let running = state.inFlight[key] { return .call(running, .shared) }
            // A call that ended after the caller looked in the cache, and before this lock: its answer.
            if let entry = Self.remembered(key, in: &state, now: now) { return .remembered(entry) }
            // Created under the lock, so that no second caller starts its own call; the task's last steps take the
            // same lock and so cannot run before the task is registered. The answer is remembered before the call
            // leaves `inFlight`, so that a request coming in between finds one or the other. The task is not the
            // caller's child: a caller that gives up does not cancel the answer the others wait for.
            let task = Task { [self] in
                let outcome = await introspect(token)
                if case .success(let result) = outcome {
                    remember(result, for: key, fingerprint: fingerprint, now: clock())
                }
                self.state.withLock { $0.inFlight[key] = nil }
                return outcome
            }
            state.inFlight[key] = task
            return .call(task, .miss)
        }
        switch found {
        case .call(let task, let source): return (await task.value, source)
        case .remembered(let entry): return (.success(entry.result), .shared)
        }
    }

    /// Number of remembered active answers (for tests and diagnostics).
    var count: Int { state.withLock { $0.active.count } }

    /// Number of remembered inactive answers (for tests and diagnostics).
    var negativeCount: Int { state.withLock { $0.inactive.count } }

    /// How long an answer got at `now` may be served: min(`exp`, `now` + `ttl`) for an active one, `negativeTTL` for
    /// an inactive one; nil when it may not be kept at all (expired already, or its TTL is zero).
    func lifetime(of result: IntrospectionResult, now: Date) -> Duration? {
        switch result {
        case .active(let principal):
            guard ttl > .zero, !principal.isExpired(at: now) else { return nil }
            guard let exp = principal.expiresAt else { return ttl }
            // Compared as seconds first: an `exp` centuries away (a forged shared entry, an odd answer) must give
            // the TTL, not overflow a Duration.
            let left = exp.timeIntervalSince(now)
            return left >= Self.seconds(ttl) ? ttl : .milliseconds(Int64(left * 1000))
        case .inactive:
            return negativeTTL > .zero ? negativeTTL : nil
        }
    }

    /// Remembers `result` for `key` for its `lifetime(of:now:)`, and not past `notAfter` (a shared answer's own end:
    /// what another replica got is not served longer than that replica would); a bounded table of actives, another of
    /// inactives.
    func remember(
        _ result: IntrospectionResult, for key: TokenCacheKey, fingerprint: String, now: Date, notAfter: Date? = nil
    ) {
        guard let lifetime = lifetime(of: result, now: now), lifetime > .zero else { return }
        let end = now.addingTimeInterval(Self.seconds(lifetime))
        let entry = Entry(result: result, expiresAt: min(end, notAfter ?? end), tokenFingerprint: fingerprint)
        guard entry.expiresAt > now else { return }
        state.withLock { state in
            if case .active = result {
                Self.insert(entry, for: key, into: &state.active, bound: maximumEntryCount, now: now)
            } else {
                Self.insert(entry, for: key, into: &state.inactive, bound: maximumNegativeEntryCount, now: now)
            }
        }
    }

    private static func insert(
        _ entry: Entry, for key: TokenCacheKey, into table: inout [TokenCacheKey: Entry], bound: Int, now: Date
    ) {
        if table[key] == nil, table.count >= bound {
            table = table.filter { now < $0.value.expiresAt }
            if table.count >= bound, let soonest = table.min(by: { $0.value.expiresAt < $1.value.expiresAt })?.key {
                table[soonest] = nil
            }
        }
        table[key] = entry
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
