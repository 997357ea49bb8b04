import Foundation

/// A protected request that may not pass, and the answer to give it: the status, `WWW-Authenticate` (RFC 6750 §3)
/// and the JSON error body `{"error":"…","error_description":"…"}`. The one place the status rules live; every
/// adapter (our own server, a Hummingbird middleware, a Vapor middleware) sends exactly this.
///
/// | reason | status | `WWW-Authenticate` |
/// |---|---|---|
/// | no bearer token | 401 | `Bearer realm="…"` |
/// | two `Authorization` headers | 400 | `…, error="invalid_request"` |
/// | malformed, inactive, unknown, revoked or expired token | 401 | `…, error="invalid_token"` |
/// | active, without the route's role | 403 | `…, error="insufficient_scope"` |
/// | this client presented too many new tokens (its budget of introspections is spent) | 429, `Retry-After` | — |
/// | ZITADEL unreachable, slow, 5xx, unreadable; asked for a pause; every introspection slot busy | 503 (`Retry-After` when known) | — |
/// | ZITADEL refused the API's own credentials | 500 | — |
public struct Refusal: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// No `Authorization: Bearer …` header (or another scheme): the client sent no credentials.
        case noToken
        /// More than one `Authorization` header (RFC 6750 §3.1 `invalid_request`).
        case ambiguousCredentials
        /// `Bearer` followed by something that is not a token68.
        case malformedToken
        /// Introspection said `{"active":false}`: unknown, revoked, expired, or not meant for this API.
        case inactiveToken
        /// Introspection said active, but `exp` has passed (RFC 7519 §4.1.4).
        case expiredToken
        /// Active, but without this role.
        case missingRole(String)
        /// The client has used up its budget of introspections (`TokenGuard.Configuration.introspectionsPerClient`).
        case tooManyIntrospections
        /// Introspection could not be done now; worth retrying later.
        case introspectionUnavailable
        /// The API is misconfigured: ZITADEL refused its own credentials, or another request problem. Retrying
        /// will not help; the API's log says why.
        case introspectionMisconfigured
    }

    public let reason: Reason
    /// The `realm` of the challenge (RFC 6750 §3).
    public let realm: String
    /// Seconds the client should wait before retrying (`Retry-After`, RFC 9110 §10.2.3), when known.
    public let retryAfter: Int?
    /// Why introspection gave no verdict, for the API's own log; never sent to the client, which only learns
    /// "unavailable" or "misconfigured". It names the endpoint and what it said, never a secret or the token.
    public let cause: IntrospectionError?

    public init(_ reason: Reason, realm: String, retryAfter: Int? = nil, cause: IntrospectionError? = nil) {
        self.reason = reason
        self.realm = realm
        self.retryAfter = retryAfter
        self.cause = cause
    }

    public var status: Int {
        switch reason {
        case .noToken, .malformedToken, .inactiveToken, .expiredToken: 401
        case .ambiguousCredentials: 400
        case .missingRole: 403
        case .tooManyIntrospections: 429
        case .introspectionUnavailable: 503
        case .introspectionMisconfigured: 500
        }
    }

    /// The `error` code (RFC 6750 §3.1 for 4xx) of the body and of `WWW-Authenticate`.
    public var error: String {
        switch reason {
        case .noToken: "missing_authorization"
        case .ambiguousCredentials: "invalid_request"
        case .malformedToken, .inactiveToken, .expiredToken: "invalid_token"
        case .missingRole: "insufficient_scope"
        case .tooManyIntrospections: "too_many_requests"
        case .introspectionUnavailable: "temporarily_unavailable"
        case .introspectionMisconfigured: "server_error"
        }
    }

    /// A sentence for a person. Plain ASCII without `"` or `\`, as RFC 6750 §3 requires of `error_description`
    /// (a role name is shown only when it keeps to that).
    public var errorDescription: String {
        switch reason {
        case .noToken: "This route needs an access token: send Authorization: Bearer <token>."
        case .ambiguousCredentials: "Send exactly one Authorization header."
        case .malformedToken: "The access token is malformed."
        case .inactiveToken: "The access token is inactive, unknown, revoked or expired."
        case .expiredToken: "The access token has expired."
        case .missingRole(let role) where Self.isQuotable(role): "The access token lacks the role \(role)."
        case .missingRole: "The access token lacks the role this route needs."
        case .tooManyIntrospections: "Too many new access tokens from this client; try again later."
        case .introspectionUnavailable: "The access token could not be checked right now; try again later."
        case .introspectionMisconfigured: "The API could not check the access token; its log says why."
        }
    }

    /// The `WWW-Authenticate` value for 400/401/403; nil for 429 and 5xx, which say nothing about the token. No error
    /// code when no token was sent (RFC 6750 §3.1).
    public var wwwAuthenticate: String? {
        let challenge = "Bearer realm=\"\(Self.isQuotable(realm) ? realm : "api")\""
        switch reason {
        case .tooManyIntrospections, .introspectionUnavailable, .introspectionMisconfigured: return nil
        case .noToken: return challenge
        default: return challenge + ", error=\"\(error)\", error_description=\"\(errorDescription)\""
        }
    }

    /// The JSON body: `{"error":"…","error_description":"…"}`.
    public var body: String {
        JSONValue.object(["error": .string(error), "error_description": .string(errorDescription)]).serializedString
    }

    /// Every header field to send with the body: `Content-Type`, `Cache-Control: no-store` (a refusal is about this
    /// request only), `WWW-Authenticate` and `Retry-After` where they apply.
    public var headers: [(name: String, value: String)] {
        var fields = [(name: "Content-Type", value: "application/json"), (name: "Cache-Control", value: "no-store")]
        if let wwwAuthenticate { fields.append((name: "WWW-Authenticate", value: wwwAuthenticate)) }
        if let retryAfter { fields.append((name: "Retry-After", value: String(retryAfter))) }
        return fields
    }

    public var description: String { "\(status) \(error): \(errorDescription)" }

    /// Printable ASCII without `"` and `\`: safe inside a quoted-string of a challenge.
    private static func isQuotable(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }
}
