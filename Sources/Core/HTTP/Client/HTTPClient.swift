import Dispatch
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small outbound HTTP client over URLSession, for talking to ZITADEL and to the sample APIs.
///
/// Invariants: every exchange ends within `totalTimeout` (enforced here, not left to the platform's URLSession);
/// nothing is remembered between requests (ephemeral session: no cookies, no cache, no credential store); redirects
/// are not followed, because an OAuth endpoint that redirects a `POST` carrying credentials is misconfigured and
/// following it would send them elsewhere. A 3xx comes back as an ordinary response.
public final class HTTPClient: Sendable {
    public struct Configuration: Sendable {
        /// Longest wait for the connection to open and between two pieces of the answer (URLSession's request
        /// timeout). Default 5 s.
        public var connectTimeout: Duration
        /// Longest wait for the whole exchange, from sending to the last byte of the answer. Default 5 s.
        public var totalTimeout: Duration

        public init(connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(5)) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
        }
    }

    public let configuration: Configuration
    private let session: URLSession

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpCookieStorage = nil
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.urlCache = nil
        sessionConfiguration.urlCredentialStorage = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        sessionConfiguration.timeoutIntervalForRequest = Self.seconds(configuration.connectTimeout)
        sessionConfiguration.timeoutIntervalForResource = Self.seconds(configuration.totalTimeout)
        session = URLSession(configuration: sessionConfiguration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// Sends `request` and returns the answer, whatever its status. Throws only when there is no answer.
    public func send(_ request: OutboundRequest) async throws(HTTPClientError) -> OutboundResponse {
        let method = request.method
        let urlText = request.url.absoluteString
        guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = request.url.host, !host.isEmpty
        else { throw .unsupportedURL(urlText) }

        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData,
            timeoutInterval: Self.seconds(configuration.connectTimeout))
        urlRequest.httpMethod = method
        urlRequest.httpShouldHandleCookies = false
        for header in request.headers {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty || method == "POST" || method == "PUT" {
            urlRequest.httpBody = Data(request.body)
        }

        let connectTimeout = configuration.connectTimeout
        let totalTimeout = configuration.totalTimeout
        let exchange = Exchange()
        let task = session.dataTask(with: urlRequest) { data, response, error in
            exchange.finish(
                Self.outcome(
                    data: data, response: response, error: error, method: method, url: urlText,
                    connectTimeout: connectTimeout))
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                exchange.start(continuation, task: task, timeout: totalTimeout) {
                    .failure(.timedOut(method: method, url: urlText, after: totalTimeout))
                }
            }
        } onCancel: {
            exchange.finish(.failure(.cancelled(method: method, url: urlText)))
        }
        return try result.get()
    }

    private static func outcome(
        data: Data?, response: URLResponse?, error: (any Error)?, method: String, url: String,
        connectTimeout: Duration
    ) -> Result<OutboundResponse, HTTPClientError> {
        if let error {
            if let urlError = error as? URLError, urlError.code == .timedOut {
                return .failure(.timedOut(method: method, url: url, after: connectTimeout))
            }
            return .failure(.connectionFailed(method: method, url: url, reason: reason(for: error)))
        }
        guard let http = response as? HTTPURLResponse else {
            return .failure(.connectionFailed(method: method, url: url, reason: "the answer was not HTTP"))
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return .success(OutboundResponse(status: http.statusCode, headers: headers, body: Array(data ?? Data())))
    }

    /// Plain words for the failures a person can act on; URLSession's own text differs between platforms.
    private static func reason(for error: any Error) -> String {
        guard let urlError = error as? URLError else { return String(describing: error) }
        switch urlError.code {
        case .cannotConnectToHost: return "connection refused (is the server running, and is the port right?)"
        case .cannotFindHost, .dnsLookupFailed: return "host name not found"
        case .networkConnectionLost: return "the connection was closed before the full answer arrived"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return "TLS handshake failed (\(urlError.localizedDescription))"
        case .badServerResponse, .cannotParseResponse: return "the server's answer was not valid HTTP"
        default: return "\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))"
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// One exchange's rendezvous: whichever comes first — URLSession's answer, the total timeout, or cancellation —
/// resumes the caller, exactly once; the others find it done and do nothing.
private final class Exchange: Sendable {
    typealias Outcome = Result<OutboundResponse, HTTPClientError>

    private struct State {
        var continuation: CheckedContinuation<Outcome, Never>?
        var task: URLSessionDataTask?
        /// Set once; an outcome that arrives before `start` (cancelled early) waits here.
        var outcome: Outcome?
    }

    private let state = Mutex(State())

    /// The timer runs on a Dispatch queue, not in a Swift task, so that the timeout fires even when the
    /// cooperative thread pool is busy. It is not cancelled: firing after the answer finds the exchange done (and
    /// holds it only weakly meanwhile).
    func start(
        _ continuation: CheckedContinuation<Outcome, Never>, task: URLSessionDataTask, timeout: Duration,
        timedOut: @escaping @Sendable () -> Outcome
    ) {
        let early: Outcome? = state.withLock { state in
            if let outcome = state.outcome { return outcome }
            state.continuation = continuation
            state.task = task
            return nil
        }
        if let early {
            continuation.resume(returning: early)
            return
        }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [weak self] in
            self?.finish(timedOut())
        }
        task.resume()
    }

    func finish(_ outcome: Outcome) {
        let waiting: (CheckedContinuation<Outcome, Never>?, URLSessionDataTask?)? =
            state.withLock { state in
                guard state.outcome == nil else { return nil }
                state.outcome = outcome
                defer { state.continuation = nil; state.task = nil }
                return (state.continuation, state.task)
            }
        guard let (continuation, task) = waiting else { return }
        if case .failure = outcome { task?.cancel() }
        continuation?.resume(returning: outcome)
    }
}

/// Refuses every redirect; the 3xx answer itself is returned to the caller (see `HTTPClient`).
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
