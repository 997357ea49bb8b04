import Core
import Foundation
import Testing
import TestSupport

extension ProcessSuites {
    /// The tutorial offline, as `./tutorial` runs it: LocalZitadel, each API (APIBasic, APIJWT) and each client
    /// (ClientJWT, ClientCC, ClientPAT) as real processes, every client calling every API with the settings
    /// LocalZitadel wrote — six combinations — and what changes when the role is missing or the token unknown.
    /// Runs where all five sample executables are built beside the test bundle (the integrated package).
    @Suite(
        .timeLimit(.minutes(5)),
        .enabled(if: SampleProcess.allSamplesBuilt, "needs APIBasic, APIJWT, ClientJWT, ClientCC and ClientPAT built"))
    struct TutorialCombinationsTests {
        /// Every client through every API answers 200 on all three routes, with opaque and with JWT access tokens;
        /// the token is alone on the first line of stdout, and has the shape the stand-in was asked for.
        @Test(arguments: ["opaque", "jwt"])
        func everyClientCallsEveryAPIThroughTheStandIn(accessTokenType: String) async throws {
            let tutorial = try await TutorialInstance.start(["--access-token-type", accessTokenType])
            for api in TutorialInstance.apiNames {
                for client in TutorialInstance.clientNames {
                    let result = try await tutorial.call(client, through: api)
                    #expect(result.status == 0, "\(client) → \(api): \(result.stderr)")
                    #expect(result.routeStatuses == "200 200 200", "\(client) → \(api): \(result.stdout)")
                    if client != "ClientPAT" {
                        let token = try #require(result.lines.first)
                        #expect(!token.contains(" "), "the token alone on the first line")
                        let segments = token.split(separator: ".", omittingEmptySubsequences: false).count
                        #expect((segments == 3) == (accessTokenType == "jwt"), "\(client): a \(accessTokenType) token")
                    }
                }
            }
            #expect(await tutorial.stop())
        }

        @Test func withoutTheRoleTheScopedRouteIs403ForEveryCombination() async throws {
            let tutorial = try await TutorialInstance.start(["--no-role"])
            for api in TutorialInstance.apiNames {
                for client in TutorialInstance.clientNames {
                    let result = try await tutorial.call(client, through: api)
                    #expect(result.status == 0, "a 403 is a result, not a failure: \(result.stderr)")
                    #expect(result.routeStatuses == "200 200 403", "\(client) → \(api): \(result.stdout)")
                }
            }
            #expect(await tutorial.stop())
        }

        /// A token the instance never issued is inactive: 401 with `error="invalid_token"` on the protected routes
        /// (the client prints the status; the API's log names the token by fingerprint only).
        @Test func unknownTokenIs401OnTheProtectedRoutes() async throws {
            let tutorial = try await TutorialInstance.start()
            for api in TutorialInstance.apiNames {
                let result = try await tutorial.call("ClientPAT", through: api,
                                                     environment: ["PAT": "not-a-real-token"])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.routeStatuses == "200 401 401", "\(api): \(result.stdout)")
                #expect(result.lines.filter { $0.contains("\"error\":\"invalid_token\"") }.count == 2)
                #expect(try !tutorial.api(api).log.contains("not-a-real-token"))
            }
            #expect(await tutorial.stop())
        }

        /// A token revoked at the stand-in (`POST /oauth/v2/revoke`, RFC 7009) is inactive from then on: the API
        /// answers 401 as soon as it asks again — at once here, as its introspection cache is off
        /// (`INTROSPECTION_CACHE_TTL=0`; with the cache, a revoked token stays usable until its entry expires).
        @Test func revokedTokenIs401WhenTheAPIAsksAgain() async throws {
            let zitadel = try await LocalZitadelProcess.launch()
            let api = try await SampleProcess.startAPI(
                "APIBasic", envFile: zitadel.envFile(for: "APIBasic"), environment: ["INTROSPECTION_CACHE_TTL": "0"])
            let issued = try await SampleProcess.run(
                "ClientCC", ["--env-file", zitadel.envFile(for: "ClientCC")], environment: [:])
            let token = try #require(issued.lines.first, "\(issued.stderr)")
            // ClientPAT sends whatever bearer token it is given: here ClientCC's access token.
            func callWithToken() async throws -> SampleProcess.Result {
                try await SampleProcess.run("ClientPAT", ["--env-file", zitadel.envFile(for: "ClientPAT")],
                                            environment: ["PAT": token, "API_BASE_URL": api.baseURL])
            }
            #expect(try await callWithToken().routeStatuses == "200 200 200")

            let username = try #require(try zitadel.setting("CLIENT_ID", in: "client-cc.env"))
            let secret = try #require(try zitadel.setting("CLIENT_SECRET", in: "client-cc.env"))
            let revoked = try await zitadel.post(
                "/oauth/v2/revoke", form: [("token", token)],
                authorization: ClientSecretBasic.authorizationHeader(clientID: username, secret: secret))
            #expect(revoked.status == 200)
            #expect(try await callWithToken().routeStatuses == "200 401 401")
            #expect(await api.stop() == 0)
            #expect(await zitadel.stop() == 0)
        }
    }
}
