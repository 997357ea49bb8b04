import Foundation
import Testing
import TestSupport

extension ProcessSuites {
    /// The clients against a stand-in that rate-limits like ZITADEL Cloud (`--rate-limit`): once the token endpoint
    /// answers 429, ClientJWT and ClientCC say on stderr that ZITADEL is rate-limiting and when to try again, print
    /// no token, and exit 1.
    @Suite(
        .timeLimit(.minutes(5)),
        .enabled(if: SampleProcess.allSamplesBuilt, "needs APIBasic, APIJWT, ClientJWT, ClientCC and ClientPAT built"))
    struct ClientsRateLimitedTests {
        @Test func pastTheLimitTheClientsSayWhenToTryAgainAndExit1() async throws {
            // One request per 60 s per address to /oauth/v2/*: the first token request passes, the next is refused.
            let zitadel = try await LocalZitadelProcess.launch(["--rate-limit", "1/60"])
            let first = try await SampleProcess.run(
                "ClientCC", ["--env-file", zitadel.envFile(for: "ClientCC")], environment: [:])
            #expect(first.status == 0, "\(first.stderr)")
            for client in ["ClientCC", "ClientJWT"] {
                let refused = try await SampleProcess.run(
                    client, ["--env-file", zitadel.envFile(for: client)], environment: [:])
                #expect(refused.status == 1, "\(client): \(refused.stderr)")
                #expect(refused.stdout.isEmpty, "\(client) printed no token")
                #expect(refused.stderr.contains("ZITADEL is rate-limiting"), "\(client): \(refused.stderr)")
                #expect(refused.stderr.contains("answered HTTP 429; try again in "), "\(client): \(refused.stderr)")
                #expect(refused.stderr.contains("about 50 requests/s per IP"), "the hint: \(refused.stderr)")
            }
            #expect(await zitadel.stop() == 0)
        }
    }
}
