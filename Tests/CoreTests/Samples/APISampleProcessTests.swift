import Foundation
import Synchronization
import Testing

@testable import Core

/// A built sample run as the user runs it: its own process, settings from the environment, a real socket, signals.
/// ZITADEL is the in-process fake. Every wait is bounded.
final class SampleProcess: @unchecked Sendable {
    let process = Process()
    private let stderrText = LogLines()
    private let stdoutText = LogLines()
    /// How many of the two pipes (stdout, stderr) have reached end of file.
    private let pipesEnded = SharedCount()

    /// Starts `.build/<configuration>/<name>` (beside the test bundle) in an empty folder with exactly `environment`.
    init(_ name: String, arguments: [String] = [], environment: [String: String]) throws {
        let folder = Bundle.module.bundleURL.deletingLastPathComponent()
        process.executableURL = folder.appendingPathComponent(name)
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { mine, _ in mine }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sample-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        process.currentDirectoryURL = scratch
        let errors = Pipe()
        process.standardError = errors
        let output = Pipe()
        process.standardOutput = output
        let pipesEnded = pipesEnded
        for (pipe, log) in [(output, stdoutText.log), (errors, stderrText.log)] {
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty {
                    handle.readabilityHandler = nil
                    pipesEnded.increment()
                } else {
                    log(String(decoding: data, as: UTF8.self))
                }
            }
        }
        try process.run()
    }

    var stderr: String { stderrText.all.joined() }
    var stdout: String { stdoutText.all.joined() }

    /// The port from `listening on http://HOST:PORT`, waiting at most `timeout`.
    func listeningPort(timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        var lastLook = false
        while !lastLook {
            lastLook = ContinuousClock.now >= deadline || !process.isRunning
            if let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0) })
            {
                return port
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw SampleFailure(message: "no 'listening on' line; stderr: \(stderr)")
    }

    /// The exit status, waiting at most `timeout` (then the process is killed and the test fails).
    func exitStatus(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            throw SampleFailure(message: "still running after \(timeout); stderr: \(stderr)")
        }
        // The pipes' write ends closed with the child; wait (bounded) until the readers have taken everything.
        let drained = ContinuousClock.now + .seconds(30)
        while pipesEnded.value < 2 && ContinuousClock.now < drained { try await Task.sleep(for: .milliseconds(10)) }
        return process.terminationStatus
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    struct SampleFailure: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

@Suite(.serialized) struct APISampleProcessTests {
    private func get(_ port: Int, _ path: String, token: String? = nil) async throws -> OutboundResponse {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        return try await HTTPClient(configuration: .init(connectTimeout: .seconds(30), totalTimeout: .seconds(30))).send(
            OutboundRequest(url: url, headers: token.map { [("Authorization", "Bearer \($0)")] } ?? []))
    }

    @Test func apiBasicServesTheRoutesAndStopsGracefullyOnSIGTERM() async throws {
        let fake = try FakeZitadel(application: .init(clientID: "api@project", secret: "se+cret/%:!"))
        fake.answer("good-token", with: #"{"active":true,"exp":4102444800,"urn:zitadel:iam:org:project:roles":{"read:messages":{"1":"a"}}}"#)
        let sample = try SampleProcess(
            "APIBasic",
            environment: [
                "ZITADEL_DOMAIN": fake.issuer, "API_CLIENT_ID": "api@project", "API_CLIENT_SECRET": "se+cret/%:!",
                "API_BASE_URL": "http://127.0.0.1:0",
            ])
        let port = try await sample.listeningPort()
        let publicRoute = try await get(port, "/api/public")
        let anonymous = try await get(port, "/api/private")
        let scoped = try await get(port, "/api/private-scoped", token: "good-token")
        let again = try await get(port, "/api/private", token: "good-token")
        sample.signal(SIGTERM)
        let status = try await sample.exitStatus()
        await fake.stop()
        #expect(publicRoute.status == 200)
        #expect(anonymous.status == 401)
        #expect(scoped.status == 200)
        #expect(again.status == 200)
        #expect(status == 0)
        #expect(fake.discoveryCalls == 1)  // no ZITADEL_INTROSPECTION_URL: discovered
        #expect(fake.introspectionCalls == 1)  // the second request was a cache hit
        let log = sample.stderr
        #expect(log.contains("GET /api/private-scoped 200"))
        #expect(log.contains("cache=hit"))
        #expect(!log.contains("good-token"))
        #expect(!log.contains("se+cret"))
    }

    @Test func apiJWTAuthenticatesWithTheApplicationKeyAndStopsOnSIGINT() async throws {
        let (clientID, keyID, key) = try ClientAssertionIssuerTests.applicationKey()
        let fake = try FakeZitadel(application: .init(clientID: clientID, keyID: keyID, publicKey: key.publicKey))
        fake.answer("good-token", with: #"{"active":true}"#)
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("api-key-\(UUID().uuidString).json")
        try Vectors.data("zitadel-application-key").write(to: keyFile)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let sample = try SampleProcess(
            "APIJWT",
            environment: [
                "ZITADEL_DOMAIN": fake.issuer, "API_PRIVATE_KEY_FILE": keyFile.path,
                "ZITADEL_INTROSPECTION_URL": fake.introspectionURL.absoluteString, "API_BASE_URL": "http://127.0.0.1:0",
                "INTROSPECTION_CACHE_TTL": "0",
            ])
        let port = try await sample.listeningPort()
        let first = try await get(port, "/api/private", token: "good-token")
        let second = try await get(port, "/api/private", token: "good-token")
        let scoped = try await get(port, "/api/private-scoped", token: "good-token")
        sample.signal(SIGINT)
        let status = try await sample.exitStatus()
        await fake.stop()
        #expect(first.status == 200)
        #expect(second.status == 200)
        #expect(scoped.status == 403)
        #expect(status == 0)
        #expect(fake.authenticationFailures.isEmpty)
        #expect(fake.introspectionCalls == 3)  // TTL 0: no cache
        #expect(fake.discoveryCalls == 0)
    }

    @Test func missingSettingsStopBeforeAnyNetworkCallWithStatus2() async throws {
        let sample = try SampleProcess("APIBasic", environment: ["API_CLIENT_ID": "x"])
        let status = try await sample.exitStatus()
        #expect(status == 2)
        #expect(sample.stderr.contains("ZITADEL_DOMAIN"))
        #expect(sample.stderr.contains("API_CLIENT_SECRET"))
    }

    @Test func serviceUserKeyFileIsRefusedWithStatus2() async throws {
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("sa-key-\(UUID().uuidString).json")
        try Vectors.data("zitadel-serviceaccount-key").write(to: keyFile)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let sample = try SampleProcess(
            "APIJWT", environment: ["ZITADEL_DOMAIN": "https://acme.zitadel.cloud", "API_PRIVATE_KEY_FILE": keyFile.path])
        let status = try await sample.exitStatus()
        #expect(status == 2)
        #expect(sample.stderr.contains("service user's key"))
    }

    @Test func helpListsEverySettingAndExits0() async throws {
        let sample = try SampleProcess("APIJWT", arguments: ["--help"], environment: [:])
        #expect(try await sample.exitStatus() == 0)
        for name in ["ZITADEL_DOMAIN", "API_PRIVATE_KEY_FILE", "ZITADEL_INTROSPECTION_URL", "API_BASE_URL",
            "INTROSPECTION_CACHE_TTL"]
        {
            #expect(sample.stdout.contains(name), "\(name)")
        }
        #expect(sample.stdout.contains("default 60"))
    }

    @Test func sigtermRightAfterTheListeningLineStillExits0() async throws {
        let sample = try SampleProcess(
            "APIBasic",
            environment: [
                "ZITADEL_DOMAIN": "http://127.0.0.1:9", "API_CLIENT_ID": "a", "API_CLIENT_SECRET": "b",
                "API_BASE_URL": "http://127.0.0.1:0",
            ])
        _ = try await sample.listeningPort()
        sample.signal(SIGTERM)
        #expect(try await sample.exitStatus() == 0)
    }
}
