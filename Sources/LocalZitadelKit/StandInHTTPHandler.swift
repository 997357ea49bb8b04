import Core
import Foundation
import Synchronization

/// Serves a `ZitadelStandIn` through Core's `HTTPServer`. The stand-in is attached once the server has bound its
/// port (the issuer contains it); until then every request gets 503.
///
/// Endpoints that verify or sign RSA (token, introspection, revocation) run deferred, off the event loop; the
/// cheap GETs answer on it. Every JSON answer ends with a newline; OAuth answers carry `Cache-Control: no-store`
/// (RFC 6749 §5.1).
public final class StandInHTTPHandler: HTTPHandler {
    private let standIn = Mutex<ZitadelStandIn?>(nil)
    private let log: @Sendable (String) -> Void
    /// Requests received, by path (whatever their answer), for tests and benchmarks that count calls.
    private let counts = Mutex<[String: Int]>([:])
    /// ZITADEL Cloud's limit on the OAuth paths, per client address (`--rate-limit`).
    private let rateLimit: ClientRateLimit?
    private let latency: Duration
    /// `localzitadel_requests_total{endpoint,status}` (`--metrics-address`), nil when not counted.
    private let requestsByEndpoint: MetricFamily<Counter>?

    /// The paths counted under their own name in the metrics; any other is `other`, so that a client cannot grow
    /// the label set (docs/metrics.md, "Counters, gauges, histograms").
    static let endpoints: Set<String> = [
        ZitadelStandIn.Path.discovery, ZitadelStandIn.Path.keys, ZitadelStandIn.Path.token,
        ZitadelStandIn.Path.introspection, ZitadelStandIn.Path.revocation, ZitadelStandIn.Path.organization,
    ]

    /// - Parameters:
    ///   - rateLimit: requests per client address to `/oauth/v2/…` and over how many seconds; beyond it, 429.
    ///   - latency: how long every answer is held back.
    ///   - metrics: where to count requests by endpoint and status (docs/metrics.md, "LocalZitadel's metrics").
    public init(
        log: @escaping @Sendable (String) -> Void, rateLimit: (requests: Int, seconds: Int)? = nil,
        latency: Duration = .zero, metrics: MetricsRegistry? = nil
    ) {
        self.log = log
        requestsByEndpoint = metrics?.counter(
            "localzitadel_requests_total",
            help: "Requests answered by the stand-in, by endpoint (or other) and status.",
            labels: ["endpoint", "status"])
        self.rateLimit = rateLimit.map {
            ClientRateLimit(rate: Double($0.requests) / Double($0.seconds), burst: $0.requests)
        }
        self.latency = latency
    }

    public func attach(_ standIn: ZitadelStandIn) {
        self.standIn.withLock { $0 = standIn }
    }

    /// How many requests for `path` arrived so far (e.g. `ZitadelStandIn.Path.token`).
    public func requestCount(path: String) -> Int {
        counts.withLock { $0[path] ?? 0 }
    }

    public func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
        counts.withLock { $0[request.path, default: 0] += 1 }
        let incoming = StandInRequest(
            method: request.method, path: request.path, authorization: request.headers["Authorization"],
            contentType: request.headers["Content-Type"], body: request.body)
        let endpoint = Self.endpoints.contains(request.path) ? request.path : "other"
        guard let standIn = standIn.withLock({ $0 }) else {
            requestsByEndpoint?.labels(endpoint, "503").increment()
            return .response(Self.response(Reply(status: 503, body: ["code": 14, "message": "starting"])))
        }
        let log = log
        let requestsByEndpoint = requestsByEndpoint
        var limited: Reply?
        if let rateLimit, request.path.hasPrefix("/oauth/v2/"),
            let wait = rateLimit.take(from: request.remoteAddress ?? "unknown", now: Date())
        {
            limited = Reply(
                status: 429, body: ["error": "too_many_requests", "error_description": "rate limit exceeded"],
                headers: ["Retry-After": String(RetryAfter.seconds(wait))])
        }
        let answer: @Sendable () -> HTTPResponse = { [limited] in
            let clock = ContinuousClock()
            let start = clock.now
            let reply = limited ?? standIn.respond(to: incoming)
            let elapsed = clock.now - start
            let milliseconds = Double(elapsed.components.seconds) * 1000
                + Double(elapsed.components.attoseconds) / 1e15
            log(ZitadelStandIn.logLine(incoming, reply, milliseconds: milliseconds))
            requestsByEndpoint?.labels(endpoint, String(reply.status)).increment()
            return Self.response(reply)
        }
        if latency > .zero {
            return .deferred { [latency] in
                try? await Task.sleep(for: latency)
                return answer()
            }
        }
        if incoming.method == "POST" {
            return .deferred { answer() }
        }
        return .response(answer())
    }

    /// The server frames the response (Content-Length, Date) and leaves the body out for HEAD.
    static func response(_ reply: Reply) -> HTTPResponse {
        var headers = HTTPHeaders()
        var body: [UInt8] = []
        if let json = reply.body {
            body = json.serialized + [UInt8(ascii: "\n")]
            headers.add("Content-Type", "application/json")
        }
        headers.add("Cache-Control", "no-store")
        for (name, value) in reply.headers.sorted(by: { $0.key < $1.key }) { headers.add(name, value) }
        return HTTPResponse(status: reply.status, headers: headers, body: body)
    }
}
