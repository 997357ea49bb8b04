import Foundation
import Testing

@testable import Core

extension ProcessSuites {
    /// ClientCC run as a process against the stand-in, which checks client_credentials by ZITADEL's rules
    /// (docs/zitadel.md, "Token endpoint").
    @Suite struct ClientCCTests {
        @Test func getsATokenWithBasicAndPrintsItAlone() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let result = try await fixture.run("ClientCC")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(fixture.standIn.counts - before == RequestCounts(discovery: 1, token: 1))
            #expect(result.lines.count == 1)
            #expect(try await fixture.grant(of: result.lines.first) == fixture.defaultGrant)
            #expect(!result.stderr.contains(fixture.zitadel.serviceUser.clientSecret))
        }

        /// The stand-in's secrets are alphanumeric, so how a secret with `+ / % : !` goes on the wire is seen in a
        /// recording: RFC 6749 §2.3.1, each half form-urlencoded before base64, so that ZITADEL's decoding gives it
        /// back (docs/zitadel.md, "Token endpoint"; that it does: ClientSecretBasicTests); nothing in the body.
        @Test func sendsAnOddSecretURLEncodedInBasicAndNothingInTheBody() async throws {
            let fixture = try await ClientFixture()
            let zitadel = try MisbehavingZitadel(
                token: .json(200, #"{"access_token":"at-1","token_type":"Bearer","expires_in":43199}"#))
            let result = try await fixture.run(
                "ClientCC", [],
                ["ZITADEL_DOMAIN": zitadel.issuer, "CLIENT_ID": "billing-worker", "CLIENT_SECRET": "pa+ss/w%rd:!x"])
            await zitadel.stop()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.lines == ["at-1"])
            let request = try #require(zitadel.requests(to: "/oauth/v2/token").first)
            #expect(request.contentType == "application/x-www-form-urlencoded")
            let basic = try #require(request.authorization?.split(separator: " ").last)
            #expect(String(decoding: try #require(Data(base64Encoded: String(basic))), as: UTF8.self)
                == "billing-worker:pa%2Bss%2Fw%25rd%3A%21x")
            #expect(request.form.map(\.0) == ["grant_type", "scope"])
            #expect(request.form.first?.1 == "client_credentials")
            #expect(request.form.last?.1 == fixture.defaultScope)
            #expect(!request.body.contains("billing-worker"))
            #expect(!result.stderr.contains("pa+ss"))
        }

        @Test func theNumericUserIDInsteadOfTheUsernameIsInvalidClientWithAHint() async throws {
            let fixture = try await ClientFixture()
            let result = try await fixture.run("ClientCC", [], ["CLIENT_ID": fixture.zitadel.serviceUser.userID])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains(#"answered HTTP 400: error "invalid_client", error_description "client not found""#))
            #expect(result.stderr.contains("hint: ZITADEL found no service user with this CLIENT_ID: it is the service user's username"))
        }

        @Test func aWrongSecretIsInvalidRequestAndTheSecretIsNeverShown() async throws {
            let fixture = try await ClientFixture()
            let wrong = "wr+ng/secret%!"
            let result = try await fixture.run("ClientCC", [], ["CLIENT_SECRET": wrong])
            #expect(result.status == 1)
            #expect(result.stderr.contains(#"HTTP 400: error "invalid_request", error_description "Errors.User.Machine.Secret.Invalid""#))
            #expect(result.stderr.contains("CLIENT_SECRET"))
            #expect(!result.stderr.contains(wrong) && !result.stderr.contains(FormURLEncoding.encode(component: wrong)))
            #expect(!result.stderr.contains(fixture.zitadel.serviceUser.clientSecret))
        }

        @Test func aBlankScopeIsSentAndZitadelsAnswerExplained() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let result = try await fixture.run("ClientCC", [], ["SCOPE": "   "])
            #expect(result.status == 1)
            #expect(fixture.standIn.counts - before == RequestCounts(discovery: 1, token: 1))
            #expect(result.stderr.contains(#"error "invalid_request", error_description "scope missing""#))
            #expect(result.stderr.contains("empty SCOPE"))
        }

        @Test func callAndZitadelAPIPrintTheirLinesAfterTheToken() async throws {
            let fixture = try await ClientFixture()
            let result = try await fixture.run("ClientCC", ["--call", "--zitadel-api"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.lines.count == 5)
            #expect(try await fixture.grant(of: result.lines.first)?.clientID == fixture.zitadel.serviceUser.username)
            #expect(result.lines.dropFirst().prefix(3).map { String($0.prefix(while: { $0 != ">" })) }
                == ["GET /api/public -", "GET /api/private -", "GET /api/private-scoped -"])
            #expect(result.lines.dropFirst().prefix(3).allSatisfy { $0.contains("-> 200 ") })
            #expect(result.lines.last?.hasPrefix("GET /management/v1/orgs/me -> 200 ") == true)
        }

        @Test func aPlaceholderSecretIsRefusedWithoutShowingIt() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let result = try await fixture.run("ClientCC", [], ["CLIENT_SECRET": "<YOUR_SERVICE_USER_CLIENT_SECRET>"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("CLIENT_SECRET"))
            #expect(!result.stderr.contains("<YOUR_SERVICE_USER_CLIENT_SECRET>"))
            #expect(fixture.standIn.counts - before == RequestCounts())
        }

        @Test func missingClientIDIsNamed() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let result = try await fixture.run("ClientCC", [], ["CLIENT_ID": nil])
            #expect(result.status == 2)
            #expect(result.stderr.contains("CLIENT_ID"))
            #expect(fixture.standIn.counts - before == RequestCounts())
        }
    }
}
