/// What `TokenGuard.check` decided for one request, and how.
public struct TokenVerdict: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        /// The token is active, unexpired, and meets the requirement: let the request through.
        case granted(Principal)
        /// Answer with `refusal.status`, `refusal.headers` and `refusal.body`.
        case refused(Refusal)
    }

    /// How the decision was reached, for log lines and metrics.
    public enum Source: String, Sendable, Equatable {
        /// The `Authorization` header alone decided (no token, two headers, a malformed token).
        case header
        /// A remembered active introspection answer.
        case cache
        /// A remembered inactive answer (`TokenGuard.Configuration.negativeCacheTTL`).
        case negativeCache
        /// The answer another replica got, from the shared cache (`SharedAnswerCache`).
        case sharedCache
        /// This request asked ZITADEL.
        case introspection
        /// Another request with the same token was already asking ZITADEL; this one shared its answer.
        case sharedIntrospection
        /// The token was not sent to ZITADEL: the client's budget was spent, every slot was busy, or ZITADEL had
        /// asked for a pause.
        case limited
    }

    public let decision: Decision
    public let source: Source
    /// The token's `TokenFingerprint.digits(of:)`, for log lines, when the request carried a well-formed token.
    public let tokenFingerprint: String?

    public init(_ decision: Decision, source: Source, tokenFingerprint: String?) {
        self.decision = decision
        self.source = source
        self.tokenFingerprint = tokenFingerprint
    }

    /// The principal when granted.
    public var principal: Principal? {
        if case .granted(let principal) = decision { return principal }
        return nil
    }

    /// The refusal when refused.
    public var refusal: Refusal? {
        if case .refused(let refusal) = decision { return refusal }
        return nil
    }
}
