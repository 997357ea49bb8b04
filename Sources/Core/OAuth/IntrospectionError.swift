/// Why introspection gave no verdict on a token. Two kinds, because the API answers them differently
/// (docs/samples.md, "The two APIs": 500 for the first two, 503 for the others) and a person fixes them differently.
///
/// Messages name the endpoint and what it said; never the token, the secret or the assertion.
public enum IntrospectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The endpoint refused the API's own client authentication: 400 `unauthorized_client`/`invalid_client`
    /// (ZITADEL) or 401 (RFC 7662 §2.3). Retrying will not help; the settings are wrong.
    case credentialsRejected(endpoint: String, status: Int, error: String?)
    /// The endpoint refused the request for another client-side reason (another 4xx, or a 3xx redirect), or the
    /// API could not build it (no client assertion). Also a configuration problem.
    case requestRejected(endpoint: String, reason: String)
    /// The endpoint could not be asked, or its answer could not be read: connection refused, timeout, 5xx, 429,
    /// not JSON, discovery failed. Worth retrying later.
    case unavailable(endpoint: String, reason: String)
    /// The endpoint asked the API to slow down: 429, or 503, with the wait its `Retry-After` named (nil when it
    /// named none). The API sends nothing more until the wait is over (docs/zitadel.md, "Rate limits").
    case rateLimited(endpoint: String, status: Int, retryAfter: Duration?)

    /// True for the transient kind (HTTP 503); false for the configuration kind (HTTP 500).
    public var isTransient: Bool {
        switch self {
        case .unavailable, .rateLimited: true
        case .credentialsRejected, .requestRejected: false
        }
    }

    public var description: String {
        switch self {
        case .credentialsRejected(let endpoint, let status, let error):
            return "the API's own credentials were rejected by \(endpoint) (HTTP \(status)\(error.map { ", \($0)" } ?? "")): "
                + "check the API application's client id and secret or key file, and that the key is not expired; "
                + "with a key file, also that this machine's clock agrees with ZITADEL's (a client assertion more "
                + "than an hour old or issued in the future is refused)"
        case .requestRejected(let endpoint, let reason):
            return "introspection request to \(endpoint) was refused: \(reason)"
        case .unavailable(let endpoint, let reason):
            return "introspection unavailable at \(endpoint): \(reason)"
        case .rateLimited(let endpoint, let status, let retryAfter):
            let wait = retryAfter.map { "; it asked for a pause of \(RetryAfter.seconds($0)) s" } ?? ""
            return "introspection at \(endpoint) is rate-limited (HTTP \(status))\(wait)"
        }
    }
}
