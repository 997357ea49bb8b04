import Foundation
import Synchronization
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
            throw Failure.timedOut(name, stderr: child.errors.text)
        }
        return Result(status: status, stdout: child.output.text, stderr: child.errors.text)
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
            let log = child.errors.text
            if let port = listeningPort(in: log) { return Running(child: child, port: port) }
            if !child.process.isRunning { break }
            if (try? await Task.sleep(for: .milliseconds(20))) == nil { break }
        }
        _ = await child.waitForExit(timeout: .zero)
        throw Failure.notListening(name, stderr: child.errors.text)
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
        public var log: String { child.errors.text }
        /// Everything it wrote to stdout so far.
        public var output: String { child.output.text }
        public var isRunning: Bool { child.process.isRunning }

        fileprivate init(child: Child, port: Int) {
            self.child = child
            self.port = port
        }

        /// Whether the log shows `text`, waiting a little: a line written just before an answer may still be in
        /// the pipe when the answer has arrived.
        public func logged(_ text: String) async -> Bool { await child.errors.eventuallyContains(text) }

        /// Sends `signal` and waits (bounded) for the exit; returns the exit status, or nil if it had to be killed.
        public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(15)) async -> Int32? {
            if child.process.isRunning { kill(child.process.processIdentifier, signal) }
            return await child.waitForExit(timeout: timeout)
        }
    }
}

/// One started executable and its two collected outputs.
private final class Child: Sendable {
    let process: Process
    let output = TextBox()
    let errors = TextBox()
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
        // Pipes read as the data arrives (a chatty child never blocks on a full pipe).
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        output.collect(out)
        errors.collect(err)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The exit status once the child has exited and both pipes are read to their end; nil when it still ran after
    /// `timeout` (or the waiting task was cancelled — a test's time limit) and was killed.
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
        // The readers may still hold the last bytes: wait for both ends of file (bounded), not a fixed pause.
        await output.awaitEnd()
        await errors.awaitEnd()
        return process.terminationStatus
    }
}

/// Accumulates a child's output from the pipe's reader thread, and knows when the pipe reached its end.
private final class TextBox: Sendable {
    private let storage = Mutex((bytes: Data(), ended: false))
    /// Decoded as a whole, so a character split between two reads arrives intact.
    var text: String { String(decoding: storage.withLock { $0.bytes }, as: UTF8.self) }
    var ended: Bool { storage.withLock { $0.ended } }

    /// Whether `needle` shows up within `timeout`.
    func eventuallyContains(_ needle: String, timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !text.contains(needle) && !ended && ContinuousClock.now < deadline {
            if (try? await Task.sleep(for: .milliseconds(10))) == nil { break }
        }
        return text.contains(needle)
    }

    /// Waits (bounded) for end-of-file, after the child exited, so `text` holds all it wrote.
    func awaitEnd(timeout: Duration = .seconds(10)) async {
        let deadline = ContinuousClock.now + timeout
        while !ended && ContinuousClock.now < deadline {
            if (try? await Task.sleep(for: .milliseconds(5))) == nil { break }
        }
    }

    /// Reads `pipe` into this box on Foundation's reader thread until end-of-file.
    func collect(_ pipe: Pipe) {
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                storage.withLock { $0.ended = true }
            } else {
                storage.withLock { $0.bytes.append(data) }
            }
        }
    }
}
