import Foundation

extension ProtectedAPI {
    /// A sample API's whole life after its settings: listen on the host and port of `baseURL` (port 0 takes a free
    /// one), and `metrics` at `metricsAddress` when both are given, print `listening on http://HOST:PORT` to stderr
    /// once ready (after `metrics on http://HOST:PORT/metrics`), serve until SIGINT or SIGTERM, let requests in
    /// flight finish (at most `gracePeriod`), and exit 0. If an address cannot be bound, exits 1 saying why.
    public func serve(
        at baseURL: URL, metricsAt metricsAddress: MetricsServer.Address? = nil, gracePeriod: Duration = .seconds(10)
    ) async -> Never {
        let host = baseURL.host ?? "localhost"
        let port = baseURL.port ?? (baseURL.scheme?.lowercased() == "https" ? 443 : 80)
        let server = HTTPServer(configuration: .init(host: host, port: port), handler: self)
        // Catch the signals before saying "listening": a script that stops the API as soon as it reads that line
        // must get a graceful exit, not the default action of an uncaught SIGTERM. The initialiser returns only
        // once the signals are really caught.
        let termination = TerminationSignal()
        var metricsServer: MetricsServer?
        let boundPort: Int
        do {
            if let metrics, let metricsAddress {
                metrics.showConnections(of: server)
                let started = MetricsServer(registry: metrics.registry, address: metricsAddress)
                let port = try started.start()
                let shown = MetricsServer.Address(host: metricsAddress.host, port: port)
                StandardError.write("metrics on http://\(shown)/metrics")
                metricsServer = started
            }
            boundPort = try server.start()
        } catch {
            ExitCode.exit(printing: error, code: .remoteFailure)
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        StandardError.write("listening on http://\(shownHost):\(boundPort)")
        _ = await termination.wait()
        await server.shutdown(gracePeriod: gracePeriod)
        await metricsServer?.shutdown()
        ExitCode.success.exit()
    }
}
