import Foundation
import Testing
@testable import Core

extension ClientProcessTests {
    /// ClientPAT run as a process: nothing to obtain, the three routes called with the PAT.
    @Suite struct ClientPATTests {
        @Test func printsTheThreeRouteLinesAndNeverThePAT() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientPAT")
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdoutLines == [
                    #"GET /api/public -> 200 {"message":"Public route - You don't need to be authenticated to see this."}"#,
                    #"GET /api/private -> 200 {"message":"Private route - You need to be authenticated to see this."}"#,
                    #"GET /api/private-scoped -> 200 {"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."}"#,
                ])
                #expect(!result.stdout.contains(fixture.fake.serviceUser.pat))
                #expect(!result.stderr.contains(fixture.fake.serviceUser.pat))
                #expect(fixture.fake.requests.isEmpty, "a PAT needs no token request")
            }
        }

        @Test func anUnknownPATGets401LinesAndStillExitsZero() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientPAT", [], ["PAT": "revoked-pat"])
                #expect(result.status == 0)
                #expect(result.stdoutLines.count == 3)
                #expect(result.stdoutLines.dropFirst().allSatisfy { $0.contains("-> 401 ") })
            }
        }

        @Test func anUnreachableAPIExitsOneNamingTheURL() async throws {
            try await ClientFixture.with { fixture in
                let api = "http://127.0.0.1:\(try SilentListener.closedPort())"
                let result = try await fixture.run("ClientPAT", [], ["API_BASE_URL": api])
                #expect(result.status == 1)
                #expect(result.stderr.contains(api + "/api/public"))
                #expect(!result.stderr.contains(fixture.fake.serviceUser.pat))
            }
        }

        @Test func aMissingPATIsNamed() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientPAT", [], ["PAT": nil])
                #expect(result.status == 2)
                #expect(result.stderr.contains("PAT"))
            }
        }
    }
}
