/// Serves a `MetricsRegistry` at `GET /metrics` in Prometheus' text format, on a listener of its own — never the
/// API's port, so that the API's routes and limits stay as they are and the metrics can stay off the internet while
/// the API faces it (docs/metrics.md, "The listener").
///
/// ```swift
/// let metrics = MetricsServer(registry: registry, address: try MetricsServer.Address(parsing: "127.0.0.1:9464"))
/// let port = try metrics.start()
/// ```
public final class MetricsServer: Sendable {
    /// Where to listen: `host:port`, an IPv6 host in brackets (`[::1]:9464`); port 0 takes a free one.
    public struct Address: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// Reads `host:port` (`METRICS_ADDRESS`); nil for anything else.
        public init?(parsing text: String) {
            let host: Substring
            let portText: Substring
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else { return nil }
                host = text[text.index(after: text.startIndex)..<close]
                portText = text[text.index(close, offsetBy: 2)...]
            } else {
                guard let colon = text.lastIndex(of: ":") else { return nil }
                host = text[..<colon]
                portText = text[text.index(after: colon)...]
                if host.contains(":") { return nil }  // an IPv6 address needs its brackets
            }
            guard !host.isEmpty, !portText.isEmpty, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                portText.count <= 5, let port = Int(portText), port <= 65535
            else { return nil }
            self.init(host: String(host), port: port)
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    public let registry: MetricsRegistry
    public let address: Address
    private let server: HTTPServer

    public init(registry: MetricsRegistry, address: Address) {
        self.registry = registry
        self.address = address
        // One event loop and few connections: a scraper or two, every few seconds at most.
        var configuration = HTTPServer.Configuration(host: address.host, port: address.port)
        configuration.eventLoopCount = 1
        configuration.maxConnections = 64
        server = HTTPServer(configuration: configuration, handler: MetricsHandler(registry: registry))
    }

    /// Binds and serves; returns the bound port.
    public func start() throws(HTTPServerError) -> Int {
        try server.start()
    }

    public func shutdown() async {
        await server.shutdown(gracePeriod: .seconds(1))
    }
}

/// `GET /metrics` (and `HEAD`): the exposition; any other path 404, any other method 405.
struct MetricsHandler: HTTPHandler {
    let registry: MetricsRegistry

    func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
        guard request.path == "/metrics" else {
            return .response(.error(status: 404, error: "not_found", description: "Metrics are at /metrics."))
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            var headers = HTTPHeaders()
            headers.set("Allow", "GET, HEAD")
            return .response(
                .error(status: 405, error: "method_not_allowed", description: "Use GET.", headers: headers))
        }
        var headers = HTTPHeaders()
        headers.set("Content-Type", MetricsRegistry.contentType)
        headers.set("Cache-Control", "no-store")
        return .response(HTTPResponse(status: 200, headers: headers, body: Array(registry.exposition().utf8)))
    }
}
