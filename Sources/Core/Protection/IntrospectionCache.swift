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
/// - Only active answers are kept; inactive answers and failures never are, so a token that was refused is asked
///   about again next time.
/// - An entry lives min(`exp` − now, `ttl`) and is never served at or after that moment, so a hit is never past the
///   token's own `exp`. `ttl` zero keeps nothing (concurrent requests still share a call).
/// - At most `maximumEntryCount` entries: inserting into a full cache first drops the expired ones, then the one
///   closest to expiry (an O(n) scan, paid only when full).
/// - The trade-off of every introspection cache: a token revoked in ZITADEL keeps working here until its entry
///   expires (docs/zitadel.md, "What the APIs cache").
final class IntrospectionCache: Sendable {
    typealias Outcome = Result<IntrospectionResult, IntrospectionError>

    /// A remembered active answer.
    struct Entry: Sendable {
        var principal: Principal
        /// min(`exp`, insertion + `ttl`): the entry is never served at or after this moment.
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
    private let state = Mutex(State())

    private struct State {
        var entries: [TokenCacheKey: Entry] = [:]
        var inFlight: [TokenCacheKey: Task<Outcome, Never>] = [:]
    }

    /// - Parameters:
    ///   - ttl: the longest an answer is reused (`INTROSPECTION_CACHE_TTL`); zero keeps nothing.
    ///   - maximumEntryCount: the bound on remembered tokens.
    init(ttl: Duration, maximumEntryCount: Int) {
        self.ttl = max(ttl, .zero)
        self.maximumEntryCount = max(1, maximumEntryCount)
    }

    /// The remembered answer for `key`, if it may still be served at `now`.
    func entry(for key: TokenCacheKey, now: Date) -> Entry? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard now < entry.expiresAt else {
                state.entries[key] = nil
                return nil
            }
            return entry
        }
    }

    /// The answer for a token that `entry(for:now:)` did not know: the result of a call already in flight for the
    /// same token, or of a new call to `introspect`, whose answer is remembered when active at `clock()`.
    func answer(
        for token: String, key: TokenCacheKey, fingerprint: String, clock: @escaping @Sendable () -> Date,
        introspect: @escaping @Sendable (String) async -> Outcome
    ) async -> (Outcome, Source) {
        let (task, source): (Task<Outcome, Never>, Source) = state.withLock { state in
            if let running = state.inFlight[key] { return (running, .shared) }
            // Created under the lock, so that no second caller starts its own call; the task's last step, `finish`,
            // takes the same lock and so cannot run before the task is registered. The task is not the caller's
            // child: a caller that gives up does not cancel the answer the others wait for.
            let task = Task { [self] in
                let outcome = await introspect(token)
                finish(key, outcome, fingerprint: fingerprint, now: clock())
                return outcome
            }
            state.inFlight[key] = task
            return (task, .miss)
        }
        return (await task.value, source)
    }

    /// Number of remembered answers (for tests and diagnostics).
    var count: Int { state.withLock { $0.entries.count } }

    private func finish(_ key: TokenCacheKey, _ outcome: Outcome, fingerprint: String, now: Date) {
        var entry: Entry?
        if case .success(.active(let principal)) = outcome, !principal.isExpired(at: now), ttl > .zero {
            let ttlEnd = now.addingTimeInterval(Self.seconds(ttl))
            entry = Entry(
                principal: principal, expiresAt: min(principal.expiresAt ?? ttlEnd, ttlEnd),
                tokenFingerprint: fingerprint)
        }
        state.withLock { state in
            state.inFlight[key] = nil
            guard let entry else { return }
            if state.entries[key] == nil, state.entries.count >= maximumEntryCount {
                makeRoom(in: &state, now: now)
            }
            state.entries[key] = entry
        }
    }

    private func makeRoom(in state: inout State, now: Date) {
        state.entries = state.entries.filter { now < $0.value.expiresAt }
        if state.entries.count >= maximumEntryCount,
            let soonest = state.entries.min(by: { $0.value.expiresAt < $1.value.expiresAt })?.key
        {
            state.entries[soonest] = nil
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
