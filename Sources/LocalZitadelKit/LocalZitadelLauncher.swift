#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Core
import Foundation

/// Start-up and shutdown of the stand-in process: parse the flags, generate the keys, bind, write the samples'
/// settings, print the summary and `listening on http://HOST:PORT`, serve until SIGINT/SIGTERM, then shut the
/// server down gracefully (requests in flight get 5 s). Returns the exit status: 0 after a clean stop, 2 for bad
/// flags, 1 when start-up fails (port taken, settings folder refused).
public enum LocalZitadelLauncher {
    public static func run(arguments: [String]) async -> Int32 {
        let options: LocalZitadelOptions
        do {
            switch try LocalZitadelOptions.parse(arguments) {
            case .help:
                print(LocalZitadelOptions.help)
                return 0
            case .run(let parsed):
                options = parsed
            }
        } catch {
            printError("LocalZitadel: \(error)")
            return 2
        }

        // Catch SIGINT/SIGTERM from the start (key generation takes a while): a script that stops the stand-in as
        // soon as it reads "listening on" must get a graceful exit, not the default action of an uncaught signal.
        TerminationSignal.ignoreBrokenPipe()
        let termination = TerminationSignal()
        do {
            printError("LocalZitadel: generating three 2048-bit RSA keys (seconds in a debug build; "
                + "swift run -c release LocalZitadel starts faster)")
            let instance = try await Instance.generate(grantsRole: options.grantsRole,
                                                       accessTokenType: options.accessTokenType)
            let metrics = options.metricsAddress.map { _ in MetricsRegistry() }
            let handler = StandInHTTPHandler(
                log: printError, rateLimit: options.rateLimit,
                latency: .milliseconds(options.latencyMilliseconds), metrics: metrics)
            let server = HTTPServer(configuration: .init(host: options.host, port: options.port), handler: handler)
            var metricsServer: MetricsServer?
            if let metrics, let address = options.metricsAddress {
                metrics.gauge("localzitadel_open_connections", help: "Connections open on the stand-in's port.") {
                    Double(server.openConnections)
                }
                let started = MetricsServer(registry: metrics, address: address)
                let metricsPort = try started.start()
                printError("metrics on http://\(MetricsServer.Address(host: address.host, port: metricsPort))/metrics")
                metricsServer = started
            }
            let port = try server.start()
            let standIn = ZitadelStandIn(instance: instance, issuer: "http://\(options.host):\(port)",
                                         clock: InstanceClock(offsetSeconds: options.clockOffsetSeconds))
            handler.attach(standIn)
            let files = try LocalSettingsWriter(directory: options.envDirectory).write(for: standIn)
            printError(standIn.startupSummary(options: options, settingsFiles: files))
            printError("listening on \(standIn.issuer)")
            let signal = await termination.wait()
            await server.shutdown(gracePeriod: .seconds(5))
            await metricsServer?.shutdown()
            printError("LocalZitadel stopped (signal \(signal))")
            return 0
        } catch {
            printError("LocalZitadel: \(error)")
            return 1
        }
    }

    @Sendable static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
