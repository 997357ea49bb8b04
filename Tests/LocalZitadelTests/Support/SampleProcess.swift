import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sample executable (APIBasic, APIJWT, ClientJWT, ClientCC, ClientPAT) run as a process, found beside the test
/// bundle like `LocalZitadel`, with bounded waits everywhere.
struct SampleProcess {
    static let names = ["APIBasic", "APIJWT", "ClientJWT", "ClientCC", "ClientPAT"]
    static let routes = ["/api/public", "/api/private", "/api/private-scoped"]

    /// The settings file LocalZitadel writes for each sample.
    static let envFileName = [
        "APIBasic": "api-basic.env", "APIJWT": "api-jwt.env", "ClientJWT": "client-jwt.env",
        "ClientCC": "client-cc.env", "ClientPAT": "client-pat.env",
    ]

    static var allSamplesBuilt: Bool {
        guard let folder = try? LocalZitadelProcess.executableURL().deletingLastPathComponent() else { return false }
        return names.allSatisfy {
            FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent($0).path)
        }
    }

    static func url(_ name: String) throws -> URL {
        try LocalZitadelProcess.executableURL().deletingLastPathComponent().appendingPathComponent(name)
    }

    /// The environment of the test without any setting a sample reads, plus `overrides`.
    static func environment(_ overrides: [String: String]) -> [String: String] {
        let sampleKeys: Set<String> = [
            "ZITADEL_DOMAIN", "ZITADEL_TOKEN_URL", "ZITADEL_INTROSPECTION_URL", "API_BASE_URL", "API_CLIENT_ID",
            "API_CLIENT_SECRET", "API_PRIVATE_KEY_FILE", "PROJECT_ID", "CLIENT_ID", "CLIENT_SECRET",
            "CLIENT_PRIVATE_KEY_FILE_PATH", "SCOPE", "PAT", "INTROSPECTION_CACHE_TTL",
        ]
        var environment = ProcessInfo.processInfo.environment.filter { !sampleKeys.contains($0.key) }
        environment.merge(overrides) { $1 }
        return environment
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        var lines: [String] { stdout.split(separator: "\n").map(String.init) }

        /// The statuses of the three routes from the `GET /api/… -> STATUS …` lines, in route order, as the
        /// tutorial's table shows them ("200 200 403"); "-" for a route without a line.
        var routeStatuses: String {
            SampleProcess.routes.map { route in
                lines.first { $0.hasPrefix("GET \(route) -> ") }
                    .map { String($0.dropFirst("GET \(route) -> ".count).prefix { $0.isNumber }) } ?? "-"
            }.joined(separator: " ")
        }
    }

    /// Runs a client to completion (at most `timeout`, then SIGKILL).
    static func run(_ name: String, _ arguments: [String], environment: [String: String],
                    timeout: Duration = .seconds(60)) async throws -> Result {
        let process = Process()
        process.executableURL = try url(name)
        process.arguments = arguments
        process.environment = Self.environment(environment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let outText = TextBox()
        let errText = TextBox()
        outText.collect(out)
        errText.collect(err)
        try process.run()
        let deadline = ContinuousClock.now + timeout
        // A cancelled sleep (the test's time limit) ends the wait at once; the process is killed either way.
        while process.isRunning && ContinuousClock.now < deadline {
            if (try? await Task.sleep(for: .milliseconds(20))) == nil { break }
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // The readers may still hold the last bytes: wait for both ends of file (bounded), not a fixed pause.
        await outText.awaitEnd()
        await errText.awaitEnd()
        return Result(status: process.terminationStatus, stdout: outText.text, stderr: errText.text)
    }

    /// A started API: its base URL (from its "listening on" line), its stderr so far, and a way to stop it.
    /// Killed when released, so a test that fails half-way leaves no process behind.
    final class RunningAPI: Sendable {
        let process: Process
        let baseURL: String
        private let box: TextBox

        /// Everything the API wrote to stderr so far (one line per request, and its complaints).
        var log: String { box.text }

        /// Whether the API's stderr shows `text` (waiting a little for lines still in the pipe).
        func logged(_ text: String) async -> Bool { await box.eventuallyContains(text) }

        init(process: Process, baseURL: String, log: TextBox) {
            self.process = process
            self.baseURL = baseURL
            self.box = log
        }

        /// SIGTERM and a bounded wait; the exit status, or nil if it had to be killed.
        func stop() async -> Int32? {
            guard process.isRunning else { return process.terminationStatus }
            kill(process.processIdentifier, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(15)
            while process.isRunning && ContinuousClock.now < deadline {
                if (try? await Task.sleep(for: .milliseconds(20))) == nil { break }
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            await box.awaitEnd()
            return process.terminationStatus
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// Starts an API with `--env-file envFile` on a free port (`API_BASE_URL=http://127.0.0.1:0` in its environment,
    /// which beats the file), `environment` added; waits (at most 60 s) for its "listening on" line.
    static func startAPI(_ name: String, envFile: String, environment: [String: String] = [:]) async throws
        -> RunningAPI {
        let process = Process()
        process.executableURL = try url(name)
        process.arguments = ["--env-file", envFile]
        process.environment = Self.environment(["API_BASE_URL": "http://127.0.0.1:0"].merging(environment) { $1 })
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        let log = TextBox()
        log.collect(err)
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline && process.isRunning {
            if let port = LocalZitadelProcess.listeningPort(in: log.text) {
                return RunningAPI(process: process, baseURL: "http://127.0.0.1:\(port)", log: log)
            }
            if (try? await Task.sleep(for: .milliseconds(50))) == nil { break }
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        throw LocalZitadelProcess.LaunchError.notReady("\(name): \(log.text)")
    }
}
