import Foundation

/// Hands out a valid access token to any number of tasks of a long-running program, asking the token endpoint
/// only when needed: what a service that calls another protected API needs, instead of a token per call.
///
/// ```swift
/// let tokens = TokenProvider.clientCredentials(
///     issuer: "https://my-instance.zitadel.cloud", clientID: "billing-worker", clientSecret: "…",
///     scope: TokenScope.zitadelDefault(projectID: "294645919545032706"))
///
/// // In any task, as often as needed: the first call asks ZITADEL, the next ones reuse the token for hours.
/// let token = try await tokens.token()
/// let answer = try await BearerCall(token: token.accessToken).get("/api/private", on: apiBaseURL)
/// // After a 401 from the API (the token was revoked), `await tokens.invalidate()` makes the next call ask again.
/// ```
///
/// Invariants:
/// - A token is reused until its refresh time: `expires_in` counted from the moment the request was *sent* (so
///   network time only shortens it), minus `refreshMargin` — or minus half the lifetime for short-lived tokens.
/// - However many tasks ask at once, at most one request is in flight; they all get its result (single-flight).
///   A caller that is cancelled does not cancel the request the others wait for.
/// - A failure reaches every waiting caller and is not kept: the next call tries again. The one exception: when
///   ZITADEL answers 429 or 503 and asks for a short wait (`Retry-After` up to `longestRetryWait`; 1–2 s when it
///   names none), the request is sent once more after that wait (docs/zitadel.md, "Rate limits").
/// - A token is never handed out at or after its expiry, judged by the injected clock. A token without
///   `expires_in` is handed to the callers of its request and not kept.
public actor TokenProvider {
    /// An access token with the time it stops being valid. Its description shows only a fingerprint.
    public struct Token: Sendable, Equatable, CustomStringConvertible {
        public let accessToken: String
        public let tokenType: String
        /// nil when the endpoint sent no `expires_in`.
        public let expiresAt: Date?
        let refreshAt: Date?

        public var description: String {
            "Token(\(tokenType) \(TokenFingerprint.of(accessToken)), expires \(expiresAt.map { "\($0)" } ?? "unknown"))"
        }
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The new token had already expired when it arrived (a lifetime shorter than the request took, or a
        /// clock jump).
        case expiredBeforeUse

        public var description: String {
            switch self {
            case .expiredBeforeUse:
                "the new access token had already expired when it could be handed out (its expires_in is shorter "
                    + "than the request took, or the clock jumped)"
            }
        }
    }

    public typealias Fetch = @Sendable () async throws -> TokenResponse

    private let fetch: Fetch
    private let clock: @Sendable () -> Date
    private let refreshMargin: TimeInterval
    private let longestRetryWait: Duration
    private var current: Token?
    private var inFlight: Task<Token, any Error>?

    /// - Parameters:
    ///   - refreshMargin: how long before expiry a token is replaced (default 60 s), so that a token handed out
    ///     is still valid when it reaches the API.
    ///   - longestRetryWait: the longest `Retry-After` of a rate-limited answer that is waited out before one more
    ///     try (default 5 s); a longer one fails the call at once, with the wait in the error.
    ///   - clock: the current time; injected by tests.
    ///   - fetch: one request to the token endpoint, e.g. `{ try await client.requestToken(scope: scope) }`.
    public init(refreshMargin: TimeInterval = 60, longestRetryWait: Duration = .seconds(5),
                clock: @escaping @Sendable () -> Date = { Date() }, fetch: @escaping Fetch) {
        self.fetch = fetch
        self.clock = clock
        self.refreshMargin = max(0, refreshMargin)
        self.longestRetryWait = longestRetryWait
    }

    /// A token valid now: the kept one while it is fresh, otherwise the result of one (shared) request.
    public func token() async throws -> Token {
        if let current, let refreshAt = current.refreshAt, clock() < refreshAt {
            return current
        }
        let task = inFlight ?? startRefresh()
        let token = try await task.value
        // Waiters may resume long after the request finished; judge expiry at hand-out time.
        if let expiresAt = token.expiresAt, clock() >= expiresAt {
            throw Failure.expiredBeforeUse
        }
        return token
    }

    /// Forgets the kept token, e.g. after an API answered 401 for it; the next call asks for a new one.
    public func invalidate() {
        current = nil
    }

    private func startRefresh() -> Task<Token, any Error> {
        let task = Task { [fetch, clock, refreshMargin, longestRetryWait] () async throws -> Token in
            defer { self.finishRefresh() }
            var sentAt = clock()
            let response: TokenResponse
            do {
                response = try await fetch()
            } catch let error as TokenEndpointError {
                guard case .rateLimited(_, _, let retryAfter) = error else { throw error }
                let wait = retryAfter ?? .milliseconds(Int.random(in: 1000...2000))
                guard wait <= longestRetryWait else { throw error }
                try await Task.sleep(for: wait)
                sentAt = clock()
                response = try await fetch()
            }
            let token = Self.token(from: response, sentAt: sentAt, refreshMargin: refreshMargin)
            if let expiresAt = token.expiresAt, clock() >= expiresAt {
                throw Failure.expiredBeforeUse
            }
            self.keep(token)
            return token
        }
        inFlight = task
        return task
    }

    private func finishRefresh() {
        inFlight = nil
    }

    private func keep(_ token: Token) {
        current = token.refreshAt == nil ? nil : token
    }

    static func token(from response: TokenResponse, sentAt: Date, refreshMargin: TimeInterval) -> Token {
        guard let expiresIn = response.expiresIn else {
            return Token(accessToken: response.accessToken, tokenType: response.tokenType, expiresAt: nil,
                         refreshAt: nil)
        }
        let lifetime = TimeInterval(expiresIn)
        let expiresAt = sentAt.addingTimeInterval(lifetime)
        let refreshAt = expiresAt.addingTimeInterval(-min(refreshMargin, lifetime / 2))
        return Token(accessToken: response.accessToken, tokenType: response.tokenType, expiresAt: expiresAt,
                     refreshAt: refreshAt)
    }
}
