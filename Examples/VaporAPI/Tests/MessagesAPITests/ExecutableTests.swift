import Core
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `VaporAPI` program itself: its settings, the `listening on` line with the real port, real requests, and a
/// graceful stop on SIGINT and SIGTERM.
@Suite struct ExecutableTests {
    @Test func helpListsEverySettingAndSaysWhenTheRelayIsAbsent() async throws {
        let program = try VaporAPIProcess(["--help"])
        #expect(try await program.exitStatus() == 0)
        let help = program.stdout
        for name in ["ZITADEL_DOMAIN", "API_CLIENT_ID", "API_CLIENT_SECRET", "ZITADEL_INTROSPECTION_URL", "API_BASE_URL",
                     "INTROSPECTION_CACHE_TTL", "UPSTREAM_API_URL", "PROJECT_ID", "CLIENT_ID", "CLIENT_SECRET"] {
            #expect(help.contains("  \(name) ("), "\(name) missing from --help")
        }
        #expect(help.contains("when unset, /api/relay is not registered"), "\(help)")
        #expect(help.contains("env/vapor-api.env"))
    }

    @Test func missingSettingsStopItWithStatus2() async throws {
        let program = try VaporAPIProcess()
        #expect(try await program.exitStatus() == 2)
        #expect(program.stderr.contains("ZITADEL_DOMAIN is not set"), "\(program.stderr)")
    }

    @Test func anUpstreamWithoutTheServiceUserStopsItWithStatus2() async throws {
        let program = try VaporAPIProcess(environment: [
            "ZITADEL_DOMAIN": "http://127.0.0.1:9", "API_CLIENT_ID": "api", "API_CLIENT_SECRET": "secret",
            "UPSTREAM_API_URL": "http://127.0.0.1:5001", "PROJECT_ID": "123",
        ])
        #expect(try await program.exitStatus() == 2)
        let stderr = program.stderr
        #expect(stderr.contains("2 settings need fixing"), "\(stderr)")
        #expect(stderr.contains("CLIENT_ID is not set"))
        #expect(stderr.contains("CLIENT_SECRET is not set"))
        #expect(stderr.contains("needed because UPSTREAM_API_URL is set"))
        #expect(!stderr.contains("PROJECT_ID is not set"))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func itServesOnTheRealPortFromAnEnvFileAndStopsGracefully(signal: Int32) async throws {
        let standIn = try await StandIn.forPrograms.value
        let zitadel = standIn.zitadel
        let envFile = """
            ZITADEL_DOMAIN=\(zitadel.issuer)
            API_CLIENT_ID=\(zitadel.basicApplication.clientID)
            API_CLIENT_SECRET=\(zitadel.basicApplication.clientSecret)
            API_BASE_URL=http://127.0.0.1:0
            UPSTREAM_API_URL=\(standIn.upstream.absoluteString)
            PROJECT_ID=\(zitadel.projectID)
            CLIENT_ID=\(zitadel.serviceUser.username)
            CLIENT_SECRET=\(zitadel.serviceUser.clientSecret)

            """
        let program = try VaporAPIProcess(["--env-file", "my.env"], files: ["my.env": envFile])
        let base = try await program.listeningURL()
        #expect(base.host == "127.0.0.1")
        #expect((base.port ?? 0) > 0)

        let token = try zitadel.accessToken()
        let http = HTTPClient()
        let scoped = try await http.send(OutboundRequest(
            url: BearerCall.join(base, "/api/private-scoped"), headers: [("Authorization", "Bearer \(token)")]))
        #expect(scoped.status == 200)
        #expect(scoped.bodyText == ProtectedRoutesTests.messages[2].1)
        let relay = try await http.send(OutboundRequest(
            url: BearerCall.join(base, "/api/relay"), headers: [("Authorization", "Bearer \(token)")]))
        #expect(relay.status == 200)
        #expect(relay.bodyText.hasSuffix(#","upstream_status":200}"#), "\(relay.bodyText)")

        program.signal(signal)
        #expect(try await program.exitStatus() == 0, "\(program.stderr)")
        #expect(!program.endedBySignal)
    }
}
