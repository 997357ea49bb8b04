import Foundation
import Testing

/// Runs one of the package's executables (built next to the test bundle) as a child process, the way a person
/// runs it from a shell, and collects its exit status and output. Always bounded: a child still running after
/// `timeout` is killed and reported as such.
struct ClientProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The stdout lines, without the final empty one.
        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    struct TimedOut: Error, CustomStringConvertible {
        let name: String
        let stderr: String
        var description: String { "\(name) still ran after the timeout; stderr so far: \(stderr)" }
    }

    /// The folder holding the built products: the resource bundle of this test target sits in it.
    static var productsDirectory: URL {
        Bundle.module.bundleURL.deletingLastPathComponent()
    }

    /// Runs `name` with `arguments`, in `directory` (a scratch folder, so no `env/*.env` of the repository is
    /// found by accident), with exactly `environment` plus `PATH` — nothing inherited from the test's own.
    static func run(_ name: String, _ arguments: [String] = [], environment: [String: String] = [:],
                    in directory: URL, timeout: Duration = .seconds(60)) async throws -> Result {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(name)
        process.arguments = arguments
        var childEnvironment = environment
        childEnvironment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = childEnvironment
        process.currentDirectoryURL = directory
        // Files, not pipes: a chatty child cannot block on a full pipe while we wait for it.
        let outURL = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errURL = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let stderrText = { String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw TimedOut(name: name, stderr: stderrText())
        }
        process.waitUntilExit()
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderrText())
    }
}

/// The parent of every suite that runs the built executables: serialized, so that at most one child process (and
/// one fake server) runs at a time — the machine has two cores, and timing tests elsewhere must not starve.
@Suite(.serialized) enum ClientProcessTests {}
