/// Why no access token came back from the token endpoint. Every case names the URL that was tried; none carries a
/// secret, an assertion or a token.
///
/// ZITADEL's status codes are not a reliable guide (a bad assertion is 500 `server_error`, a wrong secret is 400
/// `invalid_request`, see docs/zitadel.md, "Token endpoint"), so every non-200 is a failure and callers do not branch on the code;
/// ``hint`` turns the usual causes into advice.
public enum TokenEndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A status other than 200 with a JSON body, usually RFC 6749 §5.2's `error` and `error_description`.
    case rejected(url: String, status: Int, error: String?, errorDescription: String?, grant: TokenGrant.Kind)
    /// An answer whose body is not JSON (a proxy's HTML page, a plain-text 429, …). `preview` is a short, printable
    /// prefix of the body for non-200 answers only, empty otherwise.
    case notJSON(url: String, status: Int, contentType: String?, preview: String)
    /// A 200 JSON answer that is not a usable token response (RFC 6749 §5.1).
    case malformedAnswer(url: String, problem: TokenResponse.ParseError)
    /// No HTTP answer: refused, unresolvable host, TLS failure, connection reset.
    case connectionFailed(url: String, reason: String)
    /// No complete answer within the timeout.
    case timedOut(url: String, seconds: Double)
    /// `ZITADEL_TOKEN_URL` was not set and the discovery document did not give a token endpoint.
    case discoveryFailed(url: String, reason: String)
    /// 429 (rate-limited) or 503 (unavailable), with the wait the answer's `Retry-After` asks for, if any
    /// (docs/zitadel.md, "Rate limits").
    case rateLimited(url: String, status: Int, retryAfter: Duration?)

    /// The wait a rate-limited answer asked for (nil for other failures, and when it named none).
    public var retryAfter: Duration? {
        if case .rateLimited(_, _, let retryAfter) = self { return retryAfter }
        return nil
    }

    /// The HTTP status, when an answer came back.
    public var httpStatus: Int? {
        switch self {
        case .rejected(_, let status, _, _, _), .notJSON(_, let status, _, _), .rateLimited(_, let status, _): status
        case .malformedAnswer: 200
        case .connectionFailed, .timedOut, .discoveryFailed: nil
        }
    }

    public var url: String {
        switch self {
        case .rejected(let url, _, _, _, _), .notJSON(let url, _, _, _), .malformedAnswer(let url, _),
             .connectionFailed(let url, _), .timedOut(let url, _), .discoveryFailed(let url, _),
             .rateLimited(let url, _, _):
            url
        }
    }

    public var description: String {
        let what: String
        switch self {
        case .rejected(let url, let status, let error, let errorDescription, _):
            what = "the token endpoint \(url) answered HTTP \(status): error \(quoted(error)), "
                + "error_description \(quoted(errorDescription))"
        case .notJSON(let url, let status, let contentType, let preview):
            what = "the token endpoint \(url) answered HTTP \(status) with a body that is not JSON"
                + " (Content-Type \(contentType ?? "absent"))" + (preview.isEmpty ? "" : ": \(preview)")
        case .malformedAnswer(let url, let problem):
            what = "the token endpoint \(url) answered HTTP 200, but \(problem)"
        case .connectionFailed(let url, let reason):
            what = "could not reach the token endpoint \(url): \(reason)"
        case .timedOut(let url, let seconds):
            what = "the token endpoint \(url) did not answer within \(formatSeconds(seconds)) s"
        case .discoveryFailed(let url, let reason):
            what = "could not find the token endpoint through discovery at \(url): \(reason)"
        case .rateLimited(let url, let status, let retryAfter):
            let state = status == 429 ? "rate-limiting" : "unavailable"
            let when = retryAfter.map { "in \(RetryAfter.seconds($0)) s" } ?? "later"
            what = "ZITADEL is \(state): the token endpoint \(url) answered HTTP \(status); try again \(when)"
        }
        return hint.map { "\(what)\nhint: \($0)" } ?? what
    }

    private func quoted(_ text: String?) -> String {
        text.map { "\"\($0)\"" } ?? "(none)"
    }

    private func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
