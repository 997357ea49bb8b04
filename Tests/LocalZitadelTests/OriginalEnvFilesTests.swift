import Foundation
import Testing
import TestSupport

extension ProcessSuites {
    /// The original Python samples' `.env` files (Tests/CoreTests/Vectors/original-env), filled in the way their
    /// README asks — only the placeholder VALUES replaced, quotes, spaces around `=`, trailing spaces and blank lines
    /// kept, key files swapped for the stand-in's — drive our samples unchanged against the stand-in.
    @Suite(
        .timeLimit(.minutes(5)),
        .enabled(if: SampleProcess.allSamplesBuilt, "needs APIBasic, APIJWT, ClientJWT, ClientCC and ClientPAT built"))
    struct OriginalEnvFilesTests {
        static let originals = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CoreTests/Vectors/original-env")

        /// Copies one original folder into `scratch`, replacing each placeholder by the stand-in's value (longest
        /// placeholder first: `<YOUR_ZITADEL_DOMAIN>` before `YOUR_ZITADEL_DOMAIN`), and the key file by the stand-in's.
        /// Returns the path of the filled-in `.env`.
        func fill(_ folder: String, into scratch: String, values: [(String, String)],
                  keyFile: (name: String, from: String)? = nil) throws -> String {
            let target = scratch + "/" + folder
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            let original = try String(contentsOf: Self.originals.appendingPathComponent(folder + "/.env"), encoding: .utf8)
            var filled = original
            for (placeholder, value) in values.sorted(by: { $0.0.count > $1.0.count }) {
                filled = filled.replacingOccurrences(of: placeholder, with: value)
            }
            #expect(!filled.contains("YOUR_"), "every placeholder of \(folder)/.env filled in:\n\(filled)")
            // Only values changed: each line keeps what lies outside its quotes (key, spaces, `=`, trailing spaces).
            let outside = { (text: String) in
                text.components(separatedBy: "\n").map { line in
                    line.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                        .filter { $0.offset % 2 == 0 }.map { String($0.element) }
                }
            }
            #expect(outside(filled) == outside(original), "\(folder)/.env keeps its syntax")
            try filled.write(toFile: target + "/.env", atomically: true, encoding: .utf8)
            if let keyFile {
                try FileManager.default.copyItem(atPath: keyFile.from, toPath: target + "/" + keyFile.name)
            }
            return target + "/.env"
        }

        @Test func originalEnvFilesFilledInWorkWithOurSamples() async throws {
            let zitadel = try await LocalZitadelProcess.launch()
            let scratch = try TemporaryDirectory()
            func setting(_ name: String, _ sample: String) throws -> String {
                try require_(try zitadel.setting(name, in: SampleProcess.envFileName[sample] ?? ""))
            }
            let domain = zitadel.issuer
            let projectID = try setting("PROJECT_ID", "ClientCC")

            let apiBasic = try fill("api-basic-authentication", into: scratch.path, values: [
                ("<YOUR_ZITADEL_DOMAIN>", domain), ("<YOUR_API_CLIENT_ID>", try setting("API_CLIENT_ID", "APIBasic")),
                ("<YOUR_API_CLIENT_SECRET", try setting("API_CLIENT_SECRET", "APIBasic")),
            ])
            let apiJWT = try fill("api-jwt", into: scratch.path, values: [("<YOUR_ZITADEL_DOMAIN>", domain)],
                                  keyFile: ("api-key-file.json", zitadel.envDirectory + "/api-key-file.json"))
            let clientJWT = try fill("service-user-jwt", into: scratch.path, values: [
                ("<YOUR_ZITADEL_DOMAIN>", domain), ("<YOUR_ZITADEL_PROJECT_ID>", projectID),
            ], keyFile: ("client-key-file.json", zitadel.envDirectory + "/client-key-file.json"))
            let clientCC = try fill("service-user-client-credentials", into: scratch.path, values: [
                ("YOUR_ZITADEL_DOMAIN", domain), ("<YOUR_ZITADEL_PROJECT_ID", projectID),
                ("YOUR_SERVICE_USER_CLIENT_ID", try setting("CLIENT_ID", "ClientCC")),
                ("YOUR_SERVICE_USER_CLIENT_SECRET", try setting("CLIENT_SECRET", "ClientCC")),
            ])

            // The APIs read API_BASE_URL="http://localhost:5000" from their files; the harness's environment moves
            // them to free ports (the environment beats the file).
            let basic = try await SampleProcess.startAPI("APIBasic", envFile: apiBasic)
            let jwt = try await SampleProcess.startAPI("APIJWT", envFile: apiJWT)
            for (client, envFile) in [("ClientJWT", clientJWT), ("ClientCC", clientCC)] {
                for api in [basic, jwt] {
                    let result = try await SampleProcess.run(client, ["--env-file", envFile, "--call"],
                                                             environment: ["API_BASE_URL": api.baseURL])
                    #expect(result.status == 0, "\(client) with the original .env → \(api.baseURL): \(result.stderr)")
                    #expect(result.routeStatuses == "200 200 200", "\(client): \(result.stdout)")
                }
            }
            // Those files name the endpoints themselves (ZITADEL_INTROSPECTION_URL, ZITADEL_TOKEN_URL): no discovery.
            #expect(await zitadel.logged("POST /oauth/v2/introspect 200"), "\(zitadel.standardError)")
            #expect(!zitadel.standardError.contains("/.well-known/openid-configuration"), "\(zitadel.standardError)")
            #expect(await basic.stop() == 0)
            #expect(await jwt.stop() == 0)
            #expect(await zitadel.stop() == 0)
        }
    }
}
