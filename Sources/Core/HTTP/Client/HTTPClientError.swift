/// Why an outbound request got no HTTP answer. Every case names what was tried (method and URL, never a body or a
/// header, which may carry a secret), so the message alone tells a person where to look.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not an absolute `http`/`https` URL with a host.
    case unsupportedURL(String)
    /// No connection could be made, or it broke before a full answer arrived.
    case connectionFailed(method: String, url: String, reason: String)
    /// No full answer within the configured time.
    case timedOut(method: String, url: String, after: Duration)
    /// The calling task was cancelled.
    case cancelled(method: String, url: String)

    public var description: String {
        switch self {
        case .unsupportedURL(let url):
            return "cannot send a request to \(url): only absolute http:// and https:// URLs with a host are supported"
        case .connectionFailed(let method, let url, let reason):
            return "connection to \(url) failed (\(method)): \(reason)"
        case .timedOut(let method, let url, let after):
            return "\(method) \(url) timed out after \(Self.seconds(after))"
        case .cancelled(let method, let url):
            return "\(method) \(url) was cancelled"
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}
