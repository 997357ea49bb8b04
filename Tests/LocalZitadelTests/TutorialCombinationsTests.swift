import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tutorial offline: LocalZitadel, each API (APIBasic, APIJWT) and each client (ClientJWT, ClientCC, ClientPAT)
/// as real processes, every client calling every API with the settings LocalZitadel wrote — six combinations.
/// Runs where all five sample executables are built beside the test bundle (the integrated package).
///
/// Serialized: each test starts a stand-in (three RSA key generations) and several sample processes; three at once
/// took 2.5 minutes each on the loaded 2-core machine. The time limit only guards against a hang (every wait
/// inside is bounded too).
@Suite(
    .serialized,
    .timeLimit(.minutes(15)),
    .enabled(if: SampleProcess.allSamplesBuilt, "needs APIBasic, APIJWT, ClientJWT, ClientCC and ClientPAT built"))
struct TutorialCombinationsTests {
    static let routes = ["/api/public", "/api/private", "/api/private-scoped"]

    @Test func everyClientCallsEveryAPIThroughTheStandIn() async throws {
        let zitadel = try await LocalZitadelProcess.launch()
        let env = zitadel.envDirectory
        for api in ["api-basic", "api-jwt"] {
            let server = try await SampleProcess.startAPI(
                api == "api-basic" ? "APIBasic" : "APIJWT", envFile: "\(env)/\(api).env")
            let clients = [("ClientJWT", "client-jwt"), ("ClientCC", "client-cc"), ("ClientPAT", "client-pat")]
            for (client, file) in clients {
                let result = try await SampleProcess.run(
                    client, ["--env-file", "\(env)/\(file).env", "--call"],
                    environment: ["API_BASE_URL": server.baseURL])
                #expect(result.status == 0, "\(client) → \(api): \(result.stderr)")
                let lines = result.stdout.split(separator: "\n").map(String.init)
                for route in Self.routes {
                    #expect(lines.contains { $0.hasPrefix("GET \(route) -> 200 ") },
                            "\(client) → \(api) \(route): \(result.stdout)")
                }
                if client != "ClientPAT" {
                    #expect(lines.first?.contains(" ") == false, "the token alone on the first line")
                }
            }
            #expect(await server.stop() == 0)
        }
        #expect(await zitadel.stop() == 0)
    }

    @Test func jwtAccessTokensWorkThroughBothAPIs() async throws {
        let zitadel = try await LocalZitadelProcess.launch(["--access-token-type", "jwt"])
        for (api, file) in [("APIBasic", "api-basic"), ("APIJWT", "api-jwt")] {
            let server = try await SampleProcess.startAPI(api, envFile: "\(zitadel.envDirectory)/\(file).env")
            let result = try await SampleProcess.run(
                "ClientJWT", ["--env-file", zitadel.envDirectory + "/client-jwt.env", "--call"],
                environment: ["API_BASE_URL": server.baseURL])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.split(separator: "\n").first?.split(separator: ".").count == 3, "a JWT")
            #expect(result.stdout.contains("GET /api/private-scoped -> 200 "), "\(api): \(result.stdout)")
            #expect(await server.stop() == 0)
        }
        #expect(await zitadel.stop() == 0)
    }

    @Test func withoutTheRoleTheScopedRouteIs403() async throws {
        let zitadel = try await LocalZitadelProcess.launch(["--no-role"])
        let server = try await SampleProcess.startAPI("APIBasic", envFile: zitadel.envDirectory + "/api-basic.env")
        let result = try await SampleProcess.run(
            "ClientCC", ["--env-file", zitadel.envDirectory + "/client-cc.env", "--call"],
            environment: ["API_BASE_URL": server.baseURL])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("GET /api/private -> 200 "))
        #expect(result.stdout.contains("GET /api/private-scoped -> 403 "))
        #expect(await server.stop() == 0)
        #expect(await zitadel.stop() == 0)
    }
}

/// A sample executable run as a process, with bounded waits.
struct SampleProcess {
    static let names = ["APIBasic", "APIJWT", "ClientJWT", "ClientCC", "ClientPAT"]

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
    }

    /// Runs a client to completion (at most `timeout`).
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
        for (pipe, box) in [(out, outText), (err, errText)] {
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty {
                    handle.readabilityHandler = nil
                    box.end()
                } else {
                    box.append(data)
                }
            }
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // The pipes' write ends closed with the child; wait until the readers have taken everything.
        await outText.waitForEnd()
        await errText.waitForEnd()
        return Result(status: process.terminationStatus, stdout: outText.text, stderr: errText.text)
    }

    /// A started API: its base URL (from its "listening on" line) and a way to stop it.
    struct RunningAPI {
        var process: Process
        var baseURL: String
        var log: TextBox

        func stop() async -> Int32? {
            kill(process.processIdentifier, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(60)
            while process.isRunning && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            return process.terminationStatus
        }
    }

    static func startAPI(_ name: String, envFile: String) async throws -> RunningAPI {
        let process = Process()
        process.executableURL = try url(name)
        process.arguments = ["--env-file", envFile]
        process.environment = Self.environment(["API_BASE_URL": "http://127.0.0.1:0"])
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        let log = TextBox()
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { log.append(data) }
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline && process.isRunning {
            if let port = LocalZitadelProcess.listeningPort(in: log.text) {
                return RunningAPI(process: process, baseURL: "http://127.0.0.1:\(port)", log: log)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        throw LocalZitadelProcess.LaunchError.notReady("\(name): \(log.text)")
    }
}
