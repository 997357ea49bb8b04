import Core
import Synchronization

/// What the instance remembers about a token it issued: enough to answer introspection, never the token itself.
public struct IssuedToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Issued by the token endpoint (JWT-bearer or client_credentials grant).
        case accessToken
        /// A personal access token, created with the service user; introspection widens its audience.
        case personalAccessToken
    }

    public enum Format: Sendable, Equatable {
        case opaque
        /// An RS256 JWT signed with the instance key; introspection checks its signature again.
        case jwt
    }

    public var kind: Kind
    public var format: Format
    /// The `jti`: `V2_{tokenId}-at_{tokenId}` like ZITADEL's.
    public var id: String
    /// The user's numeric id (`sub`).
    public var subject: String
    public var username: String
    public var displayName: String
    /// Project ids (and for the `zitadel` keyword, ZITADEL's own project id) from the `:aud` scopes.
    public var audience: [String]
    public var scopes: Scopes
    public var issuedAt: Int
    /// nil: a PAT without expiry (introspection then says 253402300799, 9999-12-31T23:59:59Z).
    public var expiresAt: Int?
    public var revoked: Bool = false

    public init(kind: Kind, format: Format, id: String, subject: String, username: String, displayName: String,
                audience: [String], scopes: Scopes, issuedAt: Int, expiresAt: Int?) {
        self.kind = kind
        self.format = format
        self.id = id
        self.subject = subject
        self.username = username
        self.displayName = displayName
        self.audience = audience
        self.scopes = scopes
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    /// Usable at `now`: not revoked and `exp` still ahead.
    public func isActive(now: Int) -> Bool {
        guard !revoked else { return false }
        guard let expiresAt else { return true }
        return now < expiresAt
    }
}

/// The tokens the instance has issued, keyed by a SHA-256 of the token so the store never holds a usable token.
///
/// Thread-safe (one `Mutex`) and bounded: beyond `capacity` access tokens, the oldest is forgotten (it then
/// introspects as inactive, as a token ZITADEL no longer knows would). Personal access tokens are never evicted.
public final class TokenStore: Sendable {
    public let capacity: Int

    private struct State {
        var records: [[UInt8]: IssuedToken] = [:]
        /// Insertion order of evictable (access token) keys; `head` marks the oldest still present.
        var order: [[UInt8]] = []
        var head = 0
    }

    private let state = Mutex(State())

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    public func insert(token: String, record: IssuedToken) {
        let key = SHA256.hash(token)
        state.withLock { state in
            let isNew = state.records.updateValue(record, forKey: key) == nil
            guard record.kind == .accessToken, isNew else { return }
            state.order.append(key)
            while state.order.count - state.head > capacity {
                state.records[state.order[state.head]] = nil
                state.head += 1
            }
            if state.head > 1024 && state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    public func record(for token: String) -> IssuedToken? {
        let key = SHA256.hash(token)
        return state.withLock { $0.records[key] }
    }

    /// Marks the token revoked; returns whether it was known. Revocation is idempotent (RFC 7009 §2.2).
    @discardableResult
    public func revoke(token: String) -> Bool {
        let key = SHA256.hash(token)
        return state.withLock { state in
            guard state.records[key] != nil else { return false }
            state.records[key]?.revoked = true
            return true
        }
    }

    /// How many tokens are remembered (access tokens and PATs).
    public var count: Int {
        state.withLock { $0.records.count }
    }
}
