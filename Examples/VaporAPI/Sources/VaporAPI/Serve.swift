import Core
import Vapor

/// Serves `app` on the host and port of `baseURL` (port 0 takes a free one) until SIGINT or SIGTERM, then shuts it
/// down gracefully and exits 0; prints `listening on http://HOST:PORT` to stderr once the port is bound. Exits 1,
/// saying why, when the address cannot be bound.
///
/// This is what `app.execute()` does, by hand, for two reasons: the line that scripts (and the tutorial) wait for
/// must name the port really bound, and the signals must be caught BEFORE that line. Vapor's `serve` command starts
/// catching them only after the server listens, and on Linux a moment later still, so a script that sends SIGTERM
/// as soon as it reads the line could kill the API instead of stopping it (4 times in 100 when we tried).
func serve(_ app: Application, at baseURL: URL) async -> Never {
    let host = baseURL.host ?? "localhost"
    let port = baseURL.port ?? (baseURL.scheme == "https" ? 443 : 80)
    let termination = TerminationSignal()  // SIGINT and SIGTERM are caught from here on
    do {
        try await app.asyncBoot()
        try await app.server.start(address: .hostname(host, port: port))
    } catch {
        try? await app.asyncShutdown()
        StandardError.write("\(StandardError.programName): cannot listen on \(host):\(port): \(error)")
        ExitCode.remoteFailure.exit()
    }
    let boundPort = app.http.server.shared.localAddress?.port ?? port
    StandardError.write("listening on http://\(host.contains(":") ? "[\(host)]" : host):\(boundPort)")

    _ = await termination.wait()
    // Requests in flight may finish (Vapor waits up to its shutdownTimeout, 10 s by default); then all stops.
    await app.server.shutdown()
    do {
        try await app.asyncShutdown()
    } catch {
        ExitCode.exit(printing: error, code: .remoteFailure)
    }
    ExitCode.success.exit()
}
