import Core
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `LocalZitadel` executable run as a real process on a free loopback port, its settings in a fresh folder,
/// with bounded waits everywhere: start-up (key generation is slow in debug builds), requests, and shutdown.
final class LocalZitadelProcess: Sendable {
    let running: SampleProcess.Running
    let envDirectory: String

    var port: Int { running.port }
    var issuer: String { running.baseURL }
    /// Everything the process wrote to stderr so far.
    var standardError: String { running.log }

    /// Whether the stand-in's stderr shows `text` (waiting a little for lines still in the pipe).
    func logged(_ text: String) async -> Bool { await running.logged(text) }

    static func launch(_ arguments: [String] = [], readyTimeout: Duration = .seconds(180)) async throws
        -> LocalZitadelProcess {
        let envDirectory = NSTemporaryDirectory() + "localzitadel-process-\(UUID().uuidString)"
        let running = try await SampleProcess.start(
            "LocalZitadel", ["--port", "0", "--env-dir", envDirectory] + arguments, readyTimeout: readyTimeout)
        return LocalZitadelProcess(running: running, envDirectory: envDirectory)
    }

    private init(running: SampleProcess.Running, envDirectory: String) {
        self.running = running
        self.envDirectory = envDirectory
    }

    /// Sends `signal` and waits (bounded) for the exit; returns the exit status, or nil if it had to be killed.
    /// The settings folder is removed too, unless `keepingSettings` (a test of what the samples do once the
    /// stand-in is gone still needs their files; the folder goes when this object is released).
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(10), keepingSettings: Bool = false) async
        -> Int32? {
        defer { if !keepingSettings { try? FileManager.default.removeItem(atPath: envDirectory) } }
        return await running.stop(signal: signal, timeout: timeout)
    }

    deinit {
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

    struct BadPath: Error { let path: String }

    private func url(_ path: String) throws -> URL {
        guard let url = URL(string: issuer + path) else { throw BadPath(path: path) }
        return url
    }

    /// A setting from one of the env files the process wrote.
    func setting(_ name: String, in file: String) throws -> String? {
        let path = envDirectory + "/" + file
        let env = try EnvFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        return env.entries.last { $0.key == name }?.value
    }
}
