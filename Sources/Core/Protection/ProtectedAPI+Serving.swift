import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ProtectedAPI {
    /// A sample API's whole life after its settings: listen on the host and port of `baseURL` (port 0 takes a free
    /// one), print `listening on http://HOST:PORT` to stderr once ready, serve until SIGINT or SIGTERM, let requests
    /// in flight finish (at most `gracePeriod`), and exit 0. If the address cannot be bound, exits 1 saying why.
    public func serve(at baseURL: URL, gracePeriod: Duration = .seconds(10)) async -> Never {
        let host = baseURL.host ?? "localhost"
        let port = baseURL.port ?? (baseURL.scheme?.lowercased() == "https" ? 443 : 80)
        let server = HTTPServer(configuration: .init(host: host, port: port), handler: self)
        // Catch the signals before saying "listening": a script that stops the API as soon as it reads that line
        // must get a graceful exit, not the default action of an uncaught SIGTERM.
        let terminated = Task { await TerminationSignal.wait() }
        let boundPort: Int
        do {
            boundPort = try server.start()
        } catch {
            ExitCode.exit(printing: error, code: .remoteFailure)
        }
        await Self.untilTerminationIsCaught()
        let shownHost = host.contains(":") ? "[\(host)]" : host
        StandardError.write("listening on http://\(shownHost):\(boundPort)")
        _ = await terminated.value
        await server.shutdown(gracePeriod: gracePeriod)
        ExitCode.success.exit()
    }

    /// Waits (at most a second) until `TerminationSignal.wait` has set SIGTERM aside for its dispatch source, which
    /// it does after SIGINT; the disposition is the one observable sign that both are caught.
    private static func untilTerminationIsCaught() async {
        for _ in 0..<1000 {
            var current = sigaction()
            sigaction(SIGTERM, nil, &current)
            #if canImport(Glibc)
            let handler = current.__sigaction_handler.sa_handler
            #else
            let handler = current.__sigaction_u.__sa_handler
            #endif
            if let handler, unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { return }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
