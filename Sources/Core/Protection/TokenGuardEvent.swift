/// Something the token guard did that its verdicts do not show, for an API's metrics and log: calls to ZITADEL, the
/// shared cache's look-ups, and the shared cache going away or coming back (reported once each, not per request).
public enum TokenGuardEvent: Sendable, Equatable {
    /// How a call to the introspection endpoint ended.
    public enum IntrospectionOutcome: String, Sendable, Equatable, CaseIterable {
        case active, inactive
        /// 429 or 503: ZITADEL asked for a pause.
        case rateLimited = "rate_limited"
        /// No usable answer: unreachable, timed out, 5xx, unreadable.
        case unavailable
        /// The API's own credentials or request refused.
        case rejected
    }

    /// What a look-up in the shared cache found.
    public enum SharedCacheResult: String, Sendable, Equatable, CaseIterable {
        case hit, miss, error
    }

    /// One call to the introspection endpoint, and how long it took.
    case introspection(IntrospectionOutcome, duration: Duration)
    /// One look-up in the shared cache.
    case sharedCacheLookup(SharedCacheResult)
    /// The shared cache failed after having answered (or at the first try): the guard goes on without it.
    case sharedCacheUnavailable(reason: String)
    /// The shared cache answers again.
    case sharedCacheAvailable
}
