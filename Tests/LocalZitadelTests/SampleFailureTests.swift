import Foundation
import Testing
import TestSupport

extension ProcessSuites {
    /// What the tutorial's reader sees when something is wrong, end to end over loopback: the stand-in gone, a
    /// wrong secret on either side, a clock that disagrees. Each answer is the one the contract promises — a status
    /// at the API, an exit status and a hint at the client, a log line — and no secret shows up in any output.
    @Suite(
        .timeLimit(.minutes(5)),
        .enabled(if: SampleProcess.allSamplesBuilt, "needs APIBasic, APIJWT, ClientJWT, ClientCC and ClientPAT built"))
    struct SampleFailureTests {
        /// With ZITADEL unreachable the APIs cannot decide: 503 on the protected routes (the public one still
        /// answers); the clients that must first get a token exit 1 and name the unreachable endpoint.
        @Test func stoppedStandInGives503FromTheAPIsAndExit1FromTheClients() async throws {
            let tutorial = try await TutorialInstance.start()
            let zitadel = tutorial.zitadel
            #expect(await zitadel.stop(keepingSettings: true) == 0)
            for api in TutorialInstance.apiNames {
                let pat = try await tutorial.call("ClientPAT", through: api)
                #expect(pat.status == 0, "a 503 is a result for ClientPAT: \(pat.stderr)")
                #expect(pat.routeStatuses == "200 503 503", "\(api): \(pat.stdout)")
                let server = try tutorial.api(api)
                #expect(await server.logged("introspection failed"), "\(server.log)")
            }
            for client in ["ClientJWT", "ClientCC"] {
                let result = try await tutorial.call(client, through: "APIBasic")
                #expect(result.status == 1, "\(client): \(result.stderr)")
                #expect(result.stdout.isEmpty, "no token, no route lines: \(result.stdout)")
                #expect(result.stderr.contains(zitadel.issuer), "names the endpoint it tried: \(result.stderr)")
                #expect(result.stderr.contains("hint: "), "\(result.stderr)")
            }
            #expect(await tutorial.stop())
        }

        /// ZITADEL refuses the API's own client authentication (400 unauthorized_client): the API answers 500 —
        /// its configuration is wrong, retrying will not help — and says so in its log, without the secret.
        @Test func wrongAPISecretGives500AndTheLogSaysTheAPIsCredentialsWereRejected() async throws {
            let zitadel = try await LocalZitadelProcess.launch()
            let wrongSecret = "wrong-api-secret-0123456789"
            let api = try await SampleProcess.startAPI(
                "APIBasic", envFile: zitadel.envFile(for: "APIBasic"), environment: ["API_CLIENT_SECRET": wrongSecret])
            let result = try await SampleProcess.run(
                "ClientCC", ["--env-file", zitadel.envFile(for: "ClientCC"), "--call"],
                environment: ["API_BASE_URL": api.baseURL])
            #expect(result.status == 0, "a 500 from the API is a result for the client: \(result.stderr)")
            #expect(result.routeStatuses == "200 500 500", "\(result.stdout)")
            #expect(await api.logged("the API's own credentials were rejected"), "\(api.log)")
            #expect(await api.logged("unauthorized_client"), "\(api.log)")
            #expect(!api.log.contains(wrongSecret))
            #expect(await api.stop() == 0)
            #expect(await zitadel.stop() == 0)
        }

        /// A wrong CLIENT_SECRET: ZITADEL answers 400 invalid_request; ClientCC exits 1 with the status, the error,
        /// and the hint that points at CLIENT_SECRET — never the secret itself.
        @Test func wrongServiceUserSecretExits1WithTheHint() async throws {
            let zitadel = try await LocalZitadelProcess.launch()
            let wrongSecret = "wrong-user-secret-0123456789"
            let result = try await SampleProcess.run(
                "ClientCC", ["--env-file", zitadel.envFile(for: "ClientCC")],
                environment: ["CLIENT_SECRET": wrongSecret])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("HTTP 400"), "\(result.stderr)")
            #expect(result.stderr.contains("invalid_request"), "\(result.stderr)")
            #expect(result.stderr.contains("hint: usually a wrong CLIENT_SECRET"), "\(result.stderr)")
            #expect(!result.stderr.contains(wrongSecret))
            #expect(await zitadel.stop() == 0)
        }

        /// The stand-in's clock two hours ahead makes a fresh client assertion look more than an hour old; two
        /// hours behind, issued in the future. ZITADEL refuses both (docs/zitadel.md, "JWT assertions"):
        /// - ClientJWT's grant gets 500 server_error; it exits 1 with the status and the hint that names clock skew;
        /// - APIJWT's introspection gets 400 unauthorized_client; it answers 500 and its log names the clock too;
        /// and the stand-in's log says which rule refused the assertion.
        @Test(arguments: [(7200, "more than an hour old"), (-7200, "in the future")])
        func assertionsOutsideTheClockWindowAreRejected(offset: Int, reason: String) async throws {
            let zitadel = try await LocalZitadelProcess.launch(["--clock-offset", String(offset)])
            let result = try await SampleProcess.run(
                "ClientJWT", ["--env-file", zitadel.envFile(for: "ClientJWT")], environment: [:])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("HTTP 500"), "\(result.stderr)")
            #expect(result.stderr.contains("server_error"), "\(result.stderr)")
            #expect(result.stderr.contains("clock"), "the hint names clock skew: \(result.stderr)")
            #expect(await zitadel.logged("assertion refused: assertion iat"), "\(zitadel.standardError)")
            #expect(await zitadel.logged(reason), "\(zitadel.standardError)")

            let api = try await SampleProcess.startAPI("APIJWT", envFile: zitadel.envFile(for: "APIJWT"))
            let pat = try await SampleProcess.run(
                "ClientPAT", ["--env-file", zitadel.envFile(for: "ClientPAT")], environment: ["API_BASE_URL": api.baseURL])
            #expect(pat.routeStatuses == "200 500 500", "\(pat.stdout)")
            #expect(await api.logged("the API's own credentials were rejected"), "\(api.log)")
            #expect(api.log.contains("clock"), "\(api.log)")
            #expect(await api.stop() == 0)
            #expect(await zitadel.stop() == 0)
        }
    }
}
