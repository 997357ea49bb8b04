import Foundation
import Synchronization

/// Remembers active introspection answers so that a token is not sent to ZITADEL on every request, and makes
/// concurrent requests with the same new token share one introspection call.
///
/// Invariants:
/// - Keyed by `TokenCacheKey` (a keyed hash of the token); the token itself is not kept, only its log fingerprint
///   (`TokenDigest.fingerprintBits`), so that a hit can be logged without hashing the token again.
/// - Only answers that are active at insertion are kept; inactive answers and failures never are, so a token
///   that was refused is asked about again next time.
/// - An entry lives min(`exp` − now, `ttl`) and is never served at or after that moment, so a hit is never past
///   the token's own `exp`. `ttl` zero keeps nothing.
/// - At most `maximumEntryCount` entries: inserting into a full cache first drops expired entries, then the entry
///   closest to expiry (an O(n) scan, paid only when full). Each event loop also keeps a copy of the hits it served,
///   up to 1,024 (`ThreadHitTable`: plain numbers, 48 bytes an entry), never past their expiry.
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
    /// The roles `cachedDecision` can check on a hit (the first 64 distinct ones given to `init`).
    public let routeRoles: [String]
    private let introspector: any TokenIntrospecting
    private let now: @Sendable () -> Date
    private let state = Mutex(State())
    /// Each event loop's copy of the hits it served (see `ThreadHitTable`); the shared `state` stays the truth.
    private let nearHits = ThreadHitTable()

    /// What a hit needs, in trivially copyable fields only. The event loops of all cores read these entries on every
    /// cached request, and a `Dictionary` read copies the value out: had it held a `Set` or a `String` of the
    /// answer, every hit would retain and release an object shared between cores, a contended atomic that made
    /// `/api/private` measurably slower under load than in a single-threaded benchmark.
    struct Hit: BitwiseCopyable, Sendable {
        /// min(`exp`, insertion + `ttl`) as seconds since the reference date: `Date` is not declared
        /// `BitwiseCopyable`, and this type must stay so.
        private var expirySeconds: TimeInterval
        /// `TokenDigest.fingerprintBits` of the token, for the hit's log line.
        var fingerprintBits: UInt32
        /// Bit i set when the answer grants `routeRoles[i]`.
        var routeRoleBits: UInt64

        /// The entry is never served at or after this moment.
        var expiresAt: Date { Date(timeIntervalSinceReferenceDate: expirySeconds) }

        init(expiresAt: Date, fingerprintBits: UInt32, routeRoleBits: UInt64) {
            expirySeconds = expiresAt.timeIntervalSinceReferenceDate
            self.fingerprintBits = fingerprintBits
            self.routeRoleBits = routeRoleBits
        }
    }

    private struct State {
        /// Only active answers; every key here is also in `answers`, and the reverse.
        var hits: [TokenCacheKey: Hit] = [:]
        /// The full answers, for `result(for:)` (and so for roles outside `routeRoles`).
        var answers: [TokenCacheKey: IntrospectionResult] = [:]
        var inFlight: [TokenCacheKey: Task<Outcome, Never>] = [:]

        mutating func remove(_ key: TokenCacheKey) {
            hits[key] = nil
            answers[key] = nil
        }
    }

    /// - Parameters:
    ///   - ttl: longest time an answer is reused (`INTROSPECTION_CACHE_TTL`, default 60 s); zero disables caching.
    ///   - maximumEntryCount: bound on remembered tokens (default 10 000).
    ///   - routeRoles: the roles the API's routes require. A hit checks these with one bit test; any other role
    ///     makes `cachedDecision` answer `nil`, and `result(for:)` then decides from the full cached answer.
    ///   - now: the wall clock, replaceable in tests (`exp` is wall-clock time).
    public init(
        introspector: any TokenIntrospecting, ttl: Duration = .seconds(60), maximumEntryCount: Int = 10_000,
        routeRoles: [String] = [], now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.introspector = introspector
        self.ttl = ttl
        self.maximumEntryCount = max(1, maximumEntryCount)
        var distinct: [String] = []
        for role in routeRoles where !distinct.contains(role) && distinct.count < UInt64.bitWidth {
            distinct.append(role)
        }
        self.routeRoles = distinct
        self.now = now
    }

    /// A remembered, still-valid answer, without suspending; `nil` means "ask `result(for:)`". The protected
    /// routes use `cachedDecision` instead; this one is for inspecting the cache (tests, diagnostics).
    public func cachedResult(for key: TokenCacheKey) -> IntrospectionResult? {
        let now = now()
        return state.withLock { state in
            guard let hit = state.hits[key] else { return nil }
            guard now < hit.expiresAt else {
                state.remove(key)
                return nil
            }
            return state.answers[key]
        }
    }

    /// The fast path of a protected route: the decision for a remembered token and the token's
    /// `TokenDigest.fingerprintBits`, from trivially copyable fields (see `Hit`): read from the calling thread's own
    /// copy (`ThreadHitTable`), or the first time this thread sees the token, from the shared state under its lock
    /// (and then copied). `nil` means "ask `result(for:)`": not remembered, expired, or `requiredRole` is not one of
    /// `routeRoles`.
    public func cachedDecision(
        for key: TokenCacheKey, requiredRole: String?, now: Date
    ) -> (decision: AccessDecision, fingerprintBits: UInt32)? {
        var roleBit: UInt64 = 0
        if let requiredRole {
            guard let index = routeRoles.firstIndex(of: requiredRole) else { return nil }
            roleBit = 1 << UInt64(index)
        }
        // `expiresAt` is no later than the token's `exp` (see `finish`) and only active answers are kept, so
        // `now < expiresAt` is `IntrospectionResult.isActive(at: now)`.
        let found: Hit
        if let near = nearHits.value(for: key), now < near.expiresAt {
            found = near
        } else {
            let shared: Hit? = state.withLock { state in
                guard let hit = state.hits[key] else { return nil }
                guard now < hit.expiresAt else {
                    state.remove(key)
                    return nil
                }
                return hit
            }
            guard let shared else {
                nearHits.remove(key)
                return nil
            }
            nearHits.insert(shared, for: key)
            found = shared
        }
        if let requiredRole, found.routeRoleBits & roleBit == 0 {
            return (.missingRole(requiredRole), found.fingerprintBits)
        }
        return (.granted, found.fingerprintBits)
    }

    /// The answer for `token`: from the cache, from a call already in flight for it, or from a new call.
    /// `fingerprintBits` is the token's `TokenDigest.fingerprintBits`, kept with a remembered answer for the hits'
    /// log lines; pass it when the caller has it already, so that a miss hashes the token once.
    public func result(for token: String, key: TokenCacheKey, fingerprintBits: UInt32? = nil) async -> (
        Outcome, Source
    ) {
        let now = now()
        enum Step {
            case cached(IntrospectionResult)
            case wait(Task<Outcome, Never>, Source)
        }
        let step: Step = state.withLock { state in
            if let hit = state.hits[key], now < hit.expiresAt, let answer = state.answers[key] {
                return .cached(answer)
            }
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
                finish(
                    key, outcome, fingerprintBits: fingerprintBits ?? TokenDigest(token: token).fingerprintBits)
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
    public var count: Int { state.withLock { $0.hits.count } }

    private func finish(_ key: TokenCacheKey, _ outcome: Outcome, fingerprintBits: UInt32) {
        let now = now()
        let expiresAt: Date? = {
            guard case .success(let result) = outcome, result.isActive(at: now), ttl > .zero else { return nil }
            let ttlEnd = now.addingTimeInterval(Self.seconds(ttl))
            return min(result.expiresAt ?? ttlEnd, ttlEnd)
        }()
        var hit: Hit?
        if let expiresAt, case .success(let result) = outcome {
            var bits: UInt64 = 0
            for (index, role) in routeRoles.enumerated() where result.roles.contains(role) { bits |= 1 << UInt64(index) }
            hit = Hit(expiresAt: expiresAt, fingerprintBits: fingerprintBits, routeRoleBits: bits)
        }
        state.withLock { state in
            state.inFlight[key] = nil
            guard let hit, case .success(let result) = outcome else { return }
            if state.hits[key] == nil, state.hits.count >= maximumEntryCount {
                makeRoom(in: &state, now: now)
            }
            state.hits[key] = hit
            state.answers[key] = result
        }
    }

    private func makeRoom(in state: inout State, now: Date) {
        let expired = state.hits.compactMap { now >= $0.value.expiresAt ? $0.key : nil }
        for key in expired { state.remove(key) }
        if state.hits.count >= maximumEntryCount,
            let soonest = state.hits.min(by: { $0.value.expiresAt < $1.value.expiresAt })?.key
        {
            state.remove(soonest)
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
