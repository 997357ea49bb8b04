import Foundation
import Synchronization

/// Remembers active introspection answers so that a token is not sent to ZITADEL on every request, and makes
/// concurrent requests with the same new token share one introspection call.
///
/// Invariants:
/// - Keyed by `TokenCacheKey` (a keyed hash of the token); the token itself is not kept, only its log fingerprint
///   (`TokenDigest.fingerprint`), so that a hit can be logged without hashing the token twice.
/// - Only answers that are active at insertion are kept; inactive answers and failures never are, so a token
///   that was refused is asked about again next time.
/// - An entry lives min(`exp` − now, `ttl`) and is never served at or after that moment, so a hit is never past
///   the token's own `exp`. `ttl` zero keeps nothing.
/// - At most `maximumEntryCount` entries: inserting into a full cache first drops expired entries, then the entry
///   closest to expiry (an O(n) scan, paid only when full).
/// - The trade-off, as with every introspection cache: a token revoked in ZITADEL keeps working here until its
///   entry expires (zitadel-wire.md, "Limits worth knowing").
public final class IntrospectionCache: Sendable {
    public typealias Outcome = Result<IntrospectionResult, IntrospectionError>

    /// How a request's answer was obtained, for the log line.
    public enum Source: String, Sendable {
        /// Served from the cache.
        case hit
        /// This request asked ZITADEL.
        case miss
        /// Another request with the same token was already asking; this one waited for that answer.
        case shared
    }

    public let ttl: Duration
    public let maximumEntryCount: Int
    private let introspector: any TokenIntrospecting
    private let now: @Sendable () -> Date
    private let state = Mutex(State())

    private struct Entry {
        var result: IntrospectionResult
        var expiresAt: Date
        var fingerprint: String
    }

    private struct State {
        var entries: [TokenCacheKey: Entry] = [:]
        var inFlight: [TokenCacheKey: Task<Outcome, Never>] = [:]
    }

    /// - Parameters:
    ///   - ttl: longest time an answer is reused (`INTROSPECTION_CACHE_TTL`, default 60 s); zero disables caching.
    ///   - maximumEntryCount: bound on remembered tokens (default 10 000).
    ///   - now: the wall clock, replaceable in tests (`exp` is wall-clock time).
    public init(
        introspector: any TokenIntrospecting, ttl: Duration = .seconds(60), maximumEntryCount: Int = 10_000,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.introspector = introspector
        self.ttl = ttl
        self.maximumEntryCount = max(1, maximumEntryCount)
        self.now = now
    }

    /// A remembered, still-valid answer, without suspending; `nil` means "ask `result(for:)`". The protected
    /// routes use `cachedDecision` instead; this one is for inspecting the cache (tests, diagnostics).
    public func cachedResult(for key: TokenCacheKey) -> IntrospectionResult? {
        let now = now()
        return state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard now < entry.expiresAt else {
                state.entries[key] = nil
                return nil
            }
            return entry.result
        }
    }

    /// The fast path of a protected route: the decision for a remembered token, read in place under the lock, and
    /// the token's fingerprint; `nil` means "ask `result(for:)`". Only plain fields of the entry are read (and the
    /// role set only for a route that needs a role), so no reference count is touched: the event loops of all cores
    /// share these entries, and a retain/release of a shared object per request is a contended atomic that made
    /// `/api/private` measurably slower under load than in a single-threaded benchmark.
    public func cachedDecision(
        for key: TokenCacheKey, requiredRole: String?, now: Date
    ) -> (decision: AccessDecision, fingerprint: String)? {
        state.withLock { state in
            guard let index = state.entries.index(forKey: key) else { return nil }
            // An entry expires no later than the token's `exp` (see `finish`), so `now < expiresAt` with `active`
            // is `IntrospectionResult.isActive(at: now)`.
            guard now < state.entries.values[index].expiresAt, state.entries.values[index].result.active else {
                state.entries.remove(at: index)
                return nil
            }
            let fingerprint = state.entries.values[index].fingerprint
            if let requiredRole, !state.entries.values[index].result.roles.contains(requiredRole) {
                return (.missingRole(requiredRole), fingerprint)
            }
            return (.granted, fingerprint)
        }
    }

    /// The answer for `token`: from the cache, from a call already in flight for it, or from a new call.
    /// `fingerprint` is the token's log name (`TokenDigest.fingerprint`), kept with a remembered answer for the hits'
    /// log lines; pass it when the caller has it already, so that a miss hashes the token once.
    public func result(for token: String, key: TokenCacheKey, fingerprint: String? = nil) async -> (Outcome, Source) {
        let now = now()
        enum Step {
            case cached(IntrospectionResult)
            case wait(Task<Outcome, Never>, Source)
        }
        let step: Step = state.withLock { state in
            if let entry = state.entries[key], now < entry.expiresAt { return .cached(entry.result) }
            if let running = state.inFlight[key] { return .wait(running, .shared) }
            // Created under the lock so that no second caller can start its own call; the task's first action,
            // `finish`, takes the same lock and so cannot run before the task is registered.
            let task = Task { [self] in
                let outcome: Outcome
                do throws(IntrospectionError) {
                    outcome = .success(try await introspector.introspect(token: token))
                } catch {
                    outcome = .failure(error)
                }
                finish(key, outcome, fingerprint: fingerprint ?? TokenDigest(token: token).fingerprint)
                return outcome
            }
            state.inFlight[key] = task
            return .wait(task, .miss)
        }
        switch step {
        case .cached(let result): return (.success(result), .hit)
        case .wait(let task, let source): return (await task.value, source)
        }
    }

    /// Number of remembered answers (for tests and diagnostics).
    public var count: Int { state.withLock { $0.entries.count } }

    private func finish(_ key: TokenCacheKey, _ outcome: Outcome, fingerprint: String) {
        let now = now()
        let expiresAt: Date? = {
            guard case .success(let result) = outcome, result.isActive(at: now), ttl > .zero else { return nil }
            let ttlEnd = now.addingTimeInterval(Self.seconds(ttl))
            return min(result.expiresAt ?? ttlEnd, ttlEnd)
        }()
        state.withLock { state in
            state.inFlight[key] = nil
            guard let expiresAt, case .success(let result) = outcome else { return }
            if state.entries[key] == nil, state.entries.count >= maximumEntryCount {
                makeRoom(in: &state.entries, now: now)
            }
            state.entries[key] = Entry(result: result, expiresAt: expiresAt, fingerprint: fingerprint)
        }
    }

    private func makeRoom(in entries: inout [TokenCacheKey: Entry], now: Date) {
        entries = entries.filter { now < $0.value.expiresAt }
        if entries.count >= maximumEntryCount,
            let soonest = entries.min(by: { $0.value.expiresAt < $1.value.expiresAt })?.key
        {
            entries[soonest] = nil
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
