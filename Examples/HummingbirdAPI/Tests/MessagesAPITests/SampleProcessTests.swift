import Core
import Foundation
import LocalZitadelKit
import Testing

/// The executable as the benchmark and a person start it: APIBasic's env file, `API_BASE_URL=http://127.0.0.1:0` in
/// the environment, one `listening on` line with the real port, SIGTERM for a graceful exit 0.
@Suite struct SampleProcessTests {
    /// An env file as APIBasic reads it, for the stand-in.
    private func apiBasicEnvFile(_ zitadel: LocalZitadelServer) throws -> String {
        let path = try SampleProcess.scratchFolder().appendingPathComponent("api-basic.env").path
        let text = """
            # Settings of APIBasic
            ZITADEL_DOMAIN="\(zitadel.issuer)"
            API_CLIENT_ID="\(zitadel.basicApplication.clientID)"
            API_CLIENT_SECRET="\(zitadel.basicApplication.clientSecret)"
            API_BASE_URL="http://localhost:5000"

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func itStartsOnAFreePortWithAnAPIBasicEnvFileServesAndStopsOnSIGTERM() async throws {
        let zitadel = try await StandIn.zitadel()
        let sample = try SampleProcess(
            arguments: ["--env-file", try apiBasicEnvFile(zitadel)],
            environment: ["API_BASE_URL": "http://127.0.0.1:0"])
        let base = try await sample.listening()
        let url = try #require(URL(string: base))
        #expect(url.host == "127.0.0.1" && (url.port ?? 0) > 0, "\(base)")

        let http = HTTPClient()
        let publicAnswer = try await http.send(OutboundRequest(url: BearerCall.join(url, "/api/public")))
        #expect(publicAnswer.status == 200)
        #expect(publicAnswer.bodyText == Expected.publicBody)
        let token = try zitadel.accessToken()
        let scoped = try await http.send(OutboundRequest(
            url: BearerCall.join(url, "/api/private-scoped"), headers: [("Authorization", "Bearer \(token)")]))
        #expect(scoped.status == 200)
        #expect(scoped.bodyText == Expected.scopedBody)

        sample.signal(SIGTERM)
        #expect(try await sample.exitStatus() == 0)
        let lines = sample.stderr.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("listening on http://") } == ["listening on \(base)"])
        #expect(sample.stdout.isEmpty)
    }

    @Test func helpSaysWhenTheRelayIsServed() async throws {
        let sample = try SampleProcess(arguments: ["--help"], environment: [:])
        #expect(try await sample.exitStatus() == 0)
        #expect(sample.stdout.contains("UPSTREAM_API_URL (optional)"))
        #expect(sample.stdout.contains("when unset, /api/relay is not served"))
    }

    @Test func anUpstreamWithoutTheServiceUsersSettingsIsABadSetting() async throws {
        let zitadel = try await StandIn.zitadel()
        let sample = try SampleProcess(
            arguments: ["--env-file", try apiBasicEnvFile(zitadel)],
            environment: ["API_BASE_URL": "http://127.0.0.1:0", "UPSTREAM_API_URL": "http://127.0.0.1:5001",
                          "PROJECT_ID": zitadel.projectID])
        #expect(try await sample.exitStatus() == 2)
        #expect(sample.stderr.contains("missing: CLIENT_ID, CLIENT_SECRET"), "\(sample.stderr)")
        #expect(!sample.stderr.contains("listening on"))
    }

    @Test func aMissingRequiredSettingIsExit2() async throws {
        let sample = try SampleProcess(arguments: [], environment: ["ZITADEL_DOMAIN": "http://127.0.0.1:1"])
        #expect(try await sample.exitStatus() == 2)
        #expect(sample.stderr.contains("API_CLIENT_ID"), "\(sample.stderr)")
    }
}
