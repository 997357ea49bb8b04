import Core
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `LocalZitadel` executable run as a real process on a free loopback port, its settings in a fresh folder,
/// with bounded waits everywhere: start-up (key generation is slow in debug builds), requests, and shutdown.
final class LocalZitadelProcess: Sendable {
    let process: Process
    let port: Int
    let envDirectory: String
    private let box: TextBox

    var issuer: String { "http://127.0.0.1:\(port)" }
    /// Everything the process wrote to stderr so far.
    var standardError: String { box.text }

    enum LaunchError: Error, CustomStringConvertible {
        case executableNotFound([String])
        case notReady(String)

        var description: String {
            switch self {
            case .executableNotFound(let tried): "LocalZitadel executable not found; tried \(tried)"
            case .notReady(let stderr): "LocalZitadel did not print its listening line in time; stderr:\n\(stderr)"
            }
        }
    }

    /// The built executable beside the test bundle (SwiftPM puts products and the test bundle in one folder).
    static func executableURL() throws -> URL {
        var candidates: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("LocalZitadel"))
        }
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("LocalZitadel"))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/LocalZitadel"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw LaunchError.executableNotFound(candidates.map(\.path))
    }

    static func launch(_ arguments: [String] = [], readyTimeout: Duration = .seconds(300)) async throws
        -> LocalZitadelProcess {
        let envDirectory = NSTemporaryDirectory() + "localzitadel-process-\(UUID().uuidString)"
        let process = Process()
        process.executableURL = try executableURL()
        process.arguments = ["--port", "0", "--env-dir", envDirectory] + arguments
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        let box = TextBox()
        errorPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            box.append(String(decoding: data, as: UTF8.self))
        }
        try process.run()
        let clock = ContinuousClock()
        let deadline = clock.now + readyTimeout
        while clock.now < deadline {
            let current = box.text
            if let port = listeningPort(in: current) {
                return LocalZitadelProcess(process: process, port: port, envDirectory: envDirectory, text: box)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let stderr = box.text
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        throw LaunchError.notReady(stderr)
    }

    private init(process: Process, port: Int, envDirectory: String, text box: TextBox) {
        self.process = process
        self.port = port
        self.envDirectory = envDirectory
        self.box = box
    }

    static func listeningPort(in text: String) -> Int? {
        guard let range = text.range(of: "listening on http://127.0.0.1:") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        guard text[range.upperBound...].dropFirst(digits.count).first == "\n" else { return nil }
        return Int(digits)
    }

    /// Sends `signal` and waits (bounded) for the exit; returns the exit status, or nil if it had to be killed.
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(60)) async -> Int32? {
        defer { try? FileManager.default.removeItem(atPath: envDirectory) }
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: envDirectory)
    }

    // MARK: Requests

    static let client = HTTPClient(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(30)))

    func get(_ path: String, bearer: String? = nil) async throws -> OutboundResponse {
        var headers: [(name: String, value: String)] = []
        if let bearer { headers.append(("Authorization", "Bearer \(bearer)")) }
        return try await Self.client.send(OutboundRequest(url: try url(path), headers: headers))
    }

    func post(_ path: String, form: [(String, String)], authorization: String? = nil) async throws
        -> OutboundResponse {
        var headers: [(name: String, value: String)] = []
        if let authorization { headers.append(("Authorization", authorization)) }
        return try await Self.client.send(.formPost(url: try url(path), fields: form, headers: headers))
    }

    private func url(_ path: String) throws -> URL {
        guard let url = URL(string: issuer + path) else { throw LaunchError.notReady("bad path \(path)") }
        return url
    }

    /// A setting from one of the env files the process wrote.
    func setting(_ name: String, in file: String) throws -> String? {
        let path = envDirectory + "/" + file
        let env = try EnvFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        return env.entries.last { $0.key == name }?.value
    }
}

/// Accumulates the child's stderr from the pipe's reader thread.
final class TextBox: Sendable {
    private let storage = Mutex("")
    private let ended = Mutex(false)
    func append(_ text: String) { storage.withLock { $0 += text } }
    func append(_ data: Data) { append(String(decoding: data, as: UTF8.self)) }
    var text: String { storage.withLock { $0 } }

    /// Marks the end of the stream (the pipe's reader saw end of file).
    func end() { ended.withLock { $0 = true } }

    /// Waits (bounded) until the pipe's reader has seen end of file, so the text is complete: a child that exited
    /// may still have output in the pipe that the reader thread has not taken yet.
    func waitForEnd(timeout: Duration = .seconds(30)) async {
        let deadline = ContinuousClock.now + timeout
        while !ended.withLock({ $0 }) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
