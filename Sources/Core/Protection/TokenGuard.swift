import Foundation

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
public final class TokenGuard: Sendable {
    /// Everything a guard can be told, with its default in plain sight.
    public struct Configuration: Sendable {
        /// The longest an active answer is reused (`INTROSPECTION_CACHE_TTL`); never past the token's `exp`. Zero
        /// turns the cache off (concurrent requests with one token still share a call).
        public var cacheTTL: Duration = .seconds(60)
        /// How many tokens the cache remembers at most.
        public var maximumCacheEntries: Int = 10_000
        /// The `realm` of `WWW-Authenticate` challenges (RFC 6750 §3).
        public var realm: String = "api"

        public init(cacheTTL: Duration = .seconds(60), maximumCacheEntries: Int = 10_000, realm: String = "api") {
            self.cacheTTL = cacheTTL
            self.maximumCacheEntries = maximumCacheEntries
            self.realm = realm
        }
    }

    public let configuration: Configuration
    private let introspector: any TokenIntrospecting
    private let cache: IntrospectionCache
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - introspector: usually an `IntrospectionClient`.
    ///   - now: the wall clock, for `exp`; replaceable in tests.
    public init(
        introspector: any TokenIntrospecting, configuration: Configuration = .init(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.introspector = introspector
        self.configuration = configuration
        self.cache = IntrospectionCache(
            ttl: configuration.cacheTTL, maximumEntryCount: configuration.maximumCacheEntries)
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
            let fingerprint = TokenFingerprint.digits(of: token)
            let (outcome, source) = await cache.answer(
                for: String(token), key: key, fingerprint: fingerprint, clock: now
            ) { [introspector] token in
                do throws(IntrospectionError) {
                    return .success(try await introspector.introspect(token: token))
                } catch {
                    return .failure(error)
                }
            }
            let verdictSource: TokenVerdict.Source = source == .miss ? .introspection : .sharedIntrospection
            switch outcome {
            case .success(.active(let principal)):
                return decide(principal, requirement, source: verdictSource, fingerprint: fingerprint)
            case .success(.inactive):
                return refuse(.inactiveToken, source: verdictSource, fingerprint: fingerprint)
            case .failure(let error):
                let reason: Refusal.Reason =
                    error.isTransient ? .introspectionUnavailable : .introspectionMisconfigured
                return refuse(reason, source: verdictSource, fingerprint: fingerprint, cause: error)
            }
        }
    }

    /// The verdict when the header alone or the cache decides it, without waiting; nil when the token has to be
    /// introspected, which `check` then does. For servers that answer on an event loop and hand only the rest to a
    /// task; anyone else just calls `check`.
    public func verdictWithoutWaiting(
        authorization: [String], requirement: TokenRequirement, client: String?
    ) -> TokenVerdict? {
        if case .decided(let verdict) = firstStep(authorization: authorization, requirement: requirement) {
            return verdict
        }
        return nil
    }

    /// Number of tokens whose answers are remembered (for tests and diagnostics).
    public var cachedTokenCount: Int { cache.count }

    private enum Step {
        case decided(TokenVerdict)
        case introspect(Substring, TokenCacheKey)
    }

    private func firstStep(authorization: [String], requirement: TokenRequirement) -> Step {
        switch BearerToken.extract(authorization: authorization) {
        case .missing: return .decided(refuse(.noToken, source: .header, fingerprint: nil))
        case .ambiguous: return .decided(refuse(.ambiguousCredentials, source: .header, fingerprint: nil))
        case .malformed: return .decided(refuse(.malformedToken, source: .header, fingerprint: nil))
        case .token(let token):
            let key = TokenCacheKey(token: token)
            guard let entry = cache.entry(for: key, now: now()) else { return .introspect(token, key) }
            return .decided(decide(entry.principal, requirement, source: .cache, fingerprint: entry.tokenFingerprint))
        }
    }

    /// The rules after an active answer: not expired, then the role.
    private func decide(
        _ principal: Principal, _ requirement: TokenRequirement, source: TokenVerdict.Source, fingerprint: String
    ) -> TokenVerdict {
        if principal.isExpired(at: now()) { return refuse(.expiredToken, source: source, fingerprint: fingerprint) }
        if case .role(let role) = requirement, !principal.hasRole(role) {
            return refuse(.missingRole(role), source: source, fingerprint: fingerprint)
        }
        return TokenVerdict(.granted(principal), source: source, tokenFingerprint: fingerprint)
    }

    private func refuse(
        _ reason: Refusal.Reason, source: TokenVerdict.Source, fingerprint: String?, cause: IntrospectionError? = nil
    ) -> TokenVerdict {
        TokenVerdict(
            .refused(Refusal(reason, realm: configuration.realm, cause: cause)), source: source,
            tokenFingerprint: fingerprint)
    }
}
