import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The package's executables — the five samples and LocalZitadel — run as child processes the way a person runs them
/// from a shell: found beside the test bundle, started in a scratch folder (so no `env/*.env` of the repository is
/// found by accident) with exactly the environment the test gives plus `PATH` (nothing of the test's own environment
/// leaks in), their output collected. Every wait is bounded.
public enum SampleProcess {
    public static let samples = ["APIBasic", "APIJWT", "ClientJWT", "ClientCC", "ClientPAT"]
    /// The sample API's routes, in the order the clients call them.
    public static let routes = ["/api/public", "/api/private", "/api/private-scoped"]

    public enum Failure: Error, CustomStringConvertible {
        case executableNotFound(String, tried: [String])
        case timedOut(String, stderr: String)
        case notListening(String, stderr: String)

        public var description: String {
            switch self {
            case .executableNotFound(let name, let tried): "\(name) not found; tried \(tried)"
            case .timedOut(let name, let stderr): "\(name) still ran after the timeout; stderr so far:\n\(stderr)"
            case .notListening(let name, let stderr): "\(name) printed no 'listening on' line in time; stderr:\n\(stderr)"
            }
        }
    }

    /// The built executable `name`: SwiftPM puts the products and the test bundle in one folder.
    public static func executableURL(_ name: String) throws -> URL {
        var folders: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        folders.append(packageRoot.appendingPathComponent(".build/debug"))
        let candidates = folders.map { $0.appendingPathComponent(name) }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failure.executableNotFound(name, tried: candidates.map(\.path))
        }
        return found
    }

    /// Whether all five samples are built (the tests that run them together are enabled only then).
    public static var allSamplesBuilt: Bool {
        samples.allSatisfy { (try? executableURL($0)) != nil }
    }

    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        /// The stdout lines, without the empty one after the final newline.
        public var lines: [String] {
            var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }

        /// The statuses of the three routes from the `GET /api/… -> STATUS …` lines, in route order, as the
        /// tutorial's table shows them ("200 200 403"); "-" for a route without a line.
        public var routeStatuses: String {
            SampleProcess.routes.map { route in
                lines.first { $0.hasPrefix("GET \(route) -> ") }
                    .map { String($0.dropFirst("GET \(route) -> ".count).prefix { $0.isNumber }) } ?? "-"
            }.joined(separator: " ")
        }
    }

    /// Runs `name` to completion in `directory` (a fresh scratch folder when nil). A child still running after
    /// `timeout` is killed and reported as `Failure.timedOut`.
    public static func run(
        _ name: String, _ arguments: [String] = [], environment: [String: String] = [:], in directory: URL? = nil,
        timeout: Duration = .seconds(60)
    ) async throws -> Result {
        let child = try Child(name, arguments, environment: environment, in: directory)
        guard let status = await child.waitForExit(timeout: timeout) else {
            throw Failure.timedOut(name, stderr: child.errors)
        }
        return Result(status: status, stdout: child.output, stderr: child.errors)
    }

    /// Starts a server (an API, LocalZitadel) and waits until it prints `listening on http://127.0.0.1:PORT`.
    public static func start(
        _ name: String, _ arguments: [String] = [], environment: [String: String] = [:], in directory: URL? = nil,
        readyTimeout: Duration = .seconds(60)
    ) async throws -> Running {
        let child = try Child(name, arguments, environment: environment, in: directory)
        let deadline = ContinuousClock.now + readyTimeout
        while ContinuousClock.now < deadline {
            // Read the log before asking whether it still runs: a server that printed its line and exited at once
            // is still reported as listening (its requests then fail, which names the problem better).
            let log = child.errors
            if let port = listeningPort(in: log) { return Running(child: child, port: port) }
            if !child.process.isRunning { break }
            if (try? await Task.sleep(for: .milliseconds(20))) == nil { break }
        }
        _ = await child.waitForExit(timeout: .zero)
        throw Failure.notListening(name, stderr: child.errors)
    }

    /// The port of a complete `listening on http://127.0.0.1:PORT` line.
    static func listeningPort(in text: String) -> Int? {
        guard let range = text.range(of: "listening on http://127.0.0.1:") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        guard text[range.upperBound...].dropFirst(digits.count).first == "\n" else { return nil }
        return Int(digits)
    }

    /// A started server: where it listens, what it logged, and a way to stop it. Killed when released, so a test that
    /// fails half-way leaves no process behind.
    public final class Running: Sendable {
        private let child: Child
        public let port: Int
        public var baseURL: String { "http://127.0.0.1:\(port)" }
        /// Everything it wrote to stderr so far (the samples and LocalZitadel log one line per request there).
        public var log: String { child.errors }

        fileprivate init(child: Child, port: Int) {
            self.child = child
            self.port = port
        }

        /// Whether the log shows `text`, waiting a little: the line about a request may be written just after
        /// its answer went out.
        public func logged(_ text: String) async -> Bool { await child.eventuallyLogged(text) }

        /// Sends `signal` and waits (bounded) for the exit; returns the exit status, or nil if it had to be killed.
        public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(15)) async -> Int32? {
            if child.process.isRunning { kill(child.process.processIdentifier, signal) }
            return await child.waitForExit(timeout: timeout)
        }
    }
}

/// One started executable, its output going to two files.
///
/// Files, not pipes: Foundation's `readabilityHandler` now and then never reports a pipe's end (seen: one run in about
/// 150 waited out its timeout), and a file read after the exit holds everything the child wrote — no reader to wait
/// for, and no full pipe for a chatty child to block on.
private final class Child: Sendable {
    let process: Process
    private let files: TemporaryDirectory
    private let scratch: TemporaryDirectory?

    init(_ name: String, _ arguments: [String], environment: [String: String], in directory: URL?) throws {
        process = Process()
        process.executableURL = try SampleProcess.executableURL(name)
        process.arguments = arguments
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = environment.merging(["PATH": path]) { given, _ in given }
        scratch = directory == nil ? try TemporaryDirectory() : nil
        process.currentDirectoryURL = directory ?? scratch?.url
        process.standardInput = FileHandle.nullDevice
        files = try TemporaryDirectory()
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: try files.write("stdout", "")))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: try files.write("stderr", "")))
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// What the child wrote to stdout so far (complete once it has exited).
    var output: String { read("stdout") }
    /// What the child wrote to stderr so far (complete once it has exited).
    var errors: String { read("stderr") }

    private func read(_ name: String) -> String {
        String(decoding: (try? Data(contentsOf: files.url.appendingPathComponent(name))) ?? Data(), as: UTF8.self)
    }

    /// Whether stderr shows `needle` within `timeout`: a line written just after an answer may still be on its way.
    func eventuallyLogged(_ needle: String, timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !errors.contains(needle) && process.isRunning && ContinuousClock.now < deadline {
            if (try? await Task.sleep(for: .milliseconds(10))) == nil { break }
        }
        return errors.contains(needle)
    }

    /// The exit status once the child has exited; nil when it still ran after `timeout` (or the waiting task was
    /// cancelled — a test's time limit) and was killed.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            if (try? await Task.sleep(for: .milliseconds(20))) == nil { break }
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
