import Foundation

/// The contract's status table for a protected route, as one decision per request.
///
/// Invariant: `.granted` is reachable only from an introspection result whose `active` was `true` and whose `exp`
/// (if any) is still ahead; every other path is an error status.
public enum AccessDecision: Sendable, Equatable {
    case granted
    /// 401, `WWW-Authenticate: Bearer realm="…"` with no error code (RFC 6750 §3.1: the client sent no credentials).
    case noToken
    /// 400 `invalid_request`: more than one `Authorization` header (RFC 6750 §3.1).
    case ambiguousCredentials
    /// 401 `invalid_token`: malformed, inactive, unknown, revoked or expired.
    case invalidToken(InvalidReason)
    /// 403 `insufficient_scope`: active, but without the route's role.
    case missingRole(String)
    /// 503: introspection could not be done now (unreachable, timeout, 5xx, 429, unreadable answer).
    case introspectionUnavailable
    /// 500: the API is misconfigured (its own credentials rejected, another 4xx, a redirect).
    case introspectionMisconfigured

    public enum InvalidReason: Sendable, Equatable {
        case malformed, inactive, expired
    }

    /// Before introspection: what the header alone decides. `nil` means a token to introspect.
    public static func precheck(_ extraction: BearerToken.Extraction) -> AccessDecision? {
        switch extraction {
        case .missing: return .noToken
        case .ambiguous: return .ambiguousCredentials
        case .malformed: return .invalidToken(.malformed)
        case .token: return nil
        }
    }

    /// After introspection.
    public static func decide(
        _ outcome: Result<IntrospectionResult, IntrospectionError>, requiredRole: String?, now: Date
    ) -> AccessDecision {
        switch outcome {
        case .failure(let error):
            return error.isTransient ? .introspectionUnavailable : .introspectionMisconfigured
        case .success(let result):
            guard result.active else { return .invalidToken(.inactive) }
            guard result.isActive(at: now) else { return .invalidToken(.expired) }
            if let requiredRole, !result.hasRole(requiredRole) { return .missingRole(requiredRole) }
            return .granted
        }
    }

    /// The HTTP status for this decision.
    public var status: Int {
        switch self {
        case .granted: return 200
        case .noToken, .invalidToken: return 401
        case .ambiguousCredentials: return 400
        case .missingRole: return 403
        case .introspectionUnavailable: return 503
        case .introspectionMisconfigured: return 500
        }
    }

    /// The `error` and `error_description` of the JSON body (and, for 4xx, of `WWW-Authenticate`). The
    /// descriptions are plain ASCII without `"` or `\`, as RFC 6750 §3 requires of `error_description`.
    public var error: (code: String, description: String)? {
        switch self {
        case .granted:
            return nil
        case .noToken:
            return ("missing_authorization", "This route needs an access token: send Authorization: Bearer <token>.")
        case .ambiguousCredentials:
            return ("invalid_request", "Send exactly one Authorization header.")
        case .invalidToken(.malformed):
            return ("invalid_token", "The access token is malformed.")
        case .invalidToken(.inactive):
            return ("invalid_token", "The access token is inactive, unknown, revoked or expired.")
        case .invalidToken(.expired):
            return ("invalid_token", "The access token has expired.")
        case .missingRole(let role):
            return ("insufficient_scope", "The access token lacks the role \(role).")
        case .introspectionUnavailable:
            return ("temporarily_unavailable", "The access token could not be checked right now; try again later.")
        case .introspectionMisconfigured:
            return ("server_error", "The API could not check the access token; its log says why.")
        }
    }

    /// `WWW-Authenticate` (RFC 6750 §3) for 400/401/403; none for 5xx, which are not the client's doing.
    public func wwwAuthenticate(realm: String) -> String? {
        let challenge = "Bearer realm=\"\(realm)\""
        switch self {
        case .granted, .introspectionUnavailable, .introspectionMisconfigured:
            return nil
        case .noToken:
            return challenge
        case .ambiguousCredentials, .invalidToken, .missingRole:
            guard let (code, description) = error else { return challenge }
            return challenge + ", error=\"\(code)\", error_description=\"\(description)\""
        }
    }
}
