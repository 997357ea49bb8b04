import Foundation
import Testing

@testable import Core

extension ProcessSuites {
    /// ClientPAT run as a process: nothing to obtain, the three routes of the sample API called with the PAT (or
    /// any token it is given).
    @Suite struct ClientPATTests {
        @Test func printsTheThreeRouteLinesAndNeverThePAT() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let result = try await fixture.run("ClientPAT")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.lines == [
                #"GET /api/public -> 200 {"message":"Public route - You don't need to be authenticated to see this."}"#,
                #"GET /api/private -> 200 {"message":"Private route - You need to be authenticated to see this."}"#,
                #"GET /api/private-scoped -> 200 {"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."}"#,
            ])
            let pat = fixture.zitadel.serviceUser.personalAccessToken
            #expect(!result.stdout.contains(pat))
            #expect(!result.stderr.contains(pat))
            #expect((fixture.standIn.counts - before).token == 0, "a PAT needs no token request")
        }

        @Test func anUnknownPATGets401LinesAndStillExitsZero() async throws {
            let fixture = try await ClientFixture()
            let result = try await fixture.run("ClientPAT", [], ["PAT": "revoked-pat"])
            #expect(result.status == 0)
            #expect(result.lines.count == 3)
            #expect(result.lines.dropFirst().allSatisfy { $0.contains("-> 401 ") })
        }

        /// A 403 is an answer to print, not a failure (the same for every client: the tutorial's `--no-role` runs in
        /// TutorialCombinationsTests).
        @Test func aForbiddenRouteIsAResultNotAFailure() async throws {
            let fixture = try await ClientFixture()
            let withoutRole = try fixture.zitadel.accessToken(withRole: false)
            let result = try await fixture.run("ClientPAT", [], ["PAT": withoutRole])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.routeStatuses == "200 200 403", "\(result.stdout)")
            #expect(result.lines.last?.contains(#""error":"insufficient_scope""#) == true)
        }

        @Test func anUnreachableAPIExitsOneNamingTheURL() async throws {
            let fixture = try await ClientFixture()
            let api = "http://127.0.0.1:\(try SilentListener.closedPort())"
            let result = try await fixture.run("ClientPAT", [], ["API_BASE_URL": api])
            #expect(result.status == 1)
            #expect(result.stderr.contains(api + "/api/public"))
            #expect(!result.stderr.contains(fixture.zitadel.serviceUser.personalAccessToken))
        }

        @Test func aMissingPATIsNamed() async throws {
            let fixture = try await ClientFixture()
            let result = try await fixture.run("ClientPAT", [], ["PAT": nil])
            #expect(result.status == 2)
            #expect(result.stderr.contains("PAT"))
        }
    }
}
