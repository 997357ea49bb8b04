import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `VaporAPI` program run as a person runs it: its own process in a scratch folder (so no `env/*.env` is
/// found by accident), exactly the given environment plus `PATH`, output collected in files. Every wait is bounded;
/// a process still running at the end of a wait is killed and reported.
final class VaporAPIProcess: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let scratch: URL
    private let process: Process
    private let stdoutURL: URL
    private let stderrURL: URL

    /// The folder of the built products: the test bundle's (macOS) or the test runner's (Linux).
    static var productsDirectory: URL {
        #if os(macOS)
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// Starts `VaporAPI arguments…`; `files` are written into the scratch folder first (e.g. an env file).
    init(_ arguments: [String] = [], environment: [String: String] = [:], files: [String: String] = [:]) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vapor-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: scratch.appendingPathComponent(name))
        }
        stdoutURL = scratch.appendingPathComponent("stdout")
        stderrURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        let process = Process()
        process.executableURL = Self.productsDirectory.appendingPathComponent("VaporAPI")
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { mine, _ in mine }
        process.currentDirectoryURL = scratch
        // Files, not pipes: a chatty child cannot block on a full pipe.
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    var stdout: String { String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self) }
    var stderr: String { String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self) }

    /// The `listening on http://HOST:PORT` line's URL, once it is there.
    func listeningURL(timeout: Duration = .seconds(60)) async throws -> URL {
        let deadline = ContinuousClock.now + timeout
        while true {
            let running = process.isRunning
            if let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://") }),
                let url = URL(string: String(line.dropFirst("listening on ".count)))
            {
                return url
            }
            guard running, ContinuousClock.now < deadline else {
                stop()
                throw Failure(description: "no 'listening on' line; stderr: \(stderr)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// The exit status once the process has ended.
    func exitStatus(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        guard !process.isRunning else {
            stop()
            throw Failure(description: "still running after \(timeout); stderr: \(stderr)")
        }
        return process.terminationStatus
    }

    /// Whether it ended by a signal rather than by exiting.
    var endedBySignal: Bool { process.terminationReason == .uncaughtSignal }

    private func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { stop() }
        try? FileManager.default.removeItem(at: scratch)
    }
}
