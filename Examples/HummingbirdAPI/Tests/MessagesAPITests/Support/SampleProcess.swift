import Foundation
import Synchronization
import Testing

/// The built `HummingbirdAPI` executable run as a script runs it: its own process, an env file, the environment,
/// signals. Every wait is bounded.
final class SampleProcess {
    struct NotFound: Error, CustomStringConvertible {
        var looked: [String]
        var description: String { "no HummingbirdAPI executable; looked at \(looked) (run `swift build` first)" }
    }

    struct NotListening: Error, CustomStringConvertible {
        var stderr: String
        var description: String { "no 'listening on http://HOST:PORT' line; stderr:\n\(stderr)" }
    }

    /// What the process wrote so far; the pipes' handlers append to it from their own threads.
    private final class Output: Sendable {
        let stdout = Mutex("")
        let stderr = Mutex("")
    }

    private let process: Process
    private let output = Output()

    /// The executable beside the test bundle (`swift test` builds every product of the package).
    static func executableURL() throws -> URL {
        var folders = Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }
            .map { $0.bundleURL.deletingLastPathComponent() }
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        let candidates = folders.map { $0.appendingPathComponent("HummingbirdAPI") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw NotFound(looked: candidates.map(\.path))
        }
        return found
    }

    /// Starts the sample with `arguments` and exactly `environment` (plus a `PATH`), in an empty folder.
    init(arguments: [String], environment: [String: String]) throws {
        process = Process()
        process.executableURL = try Self.executableURL()
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { mine, _ in mine }
        process.currentDirectoryURL = try Self.scratchFolder()
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let output = output
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }  // end of file
            output.stdout.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }  // end of file
            output.stderr.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var stdout: String { output.stdout.withLock { $0 } }
    var stderr: String { output.stderr.withLock { $0 } }

    /// A new empty folder, for a settings file or as the process's working directory.
    static func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hummingbird-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The base URL of `listening on http://HOST:PORT` on stderr, once it is there.
    func listening(within timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline && process.isRunning {
            if let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://") }) {
                return String(line.dropFirst("listening on ".count))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw NotListening(stderr: stderr)
    }

    /// Waits for the process to exit, at most `timeout` (then kills it); its exit status, or nil when it was killed.
    func exitStatus(within timeout: Duration = .seconds(20)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        // Let the pipes' last bytes arrive.
        try await Task.sleep(for: .milliseconds(100))
        return process.terminationStatus
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }
}
