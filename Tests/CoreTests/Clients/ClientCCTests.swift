import Foundation
import Testing
@testable import Core

extension ClientProcessTests {
    /// ClientCC run as a process against a fake ZITADEL that checks client_credentials by docs/zitadel.md's rules.
    @Suite struct ClientCCTests {
        @Test func sendsBasicWithURLEncodedIdAndSecretAndNothingInTheBody() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientCC")
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdoutLines == fixture.fake.issuedTokens)
                let request = try #require(fixture.fake.requests.first)
                // RFC 6749 §2.3.1: each half form-urlencoded before base64, so "+ / % : !" survive ZITADEL's decoding.
                #expect(request.basicRaw == "billing-worker:pa%2Bss%2Fw%25rd%3A%21x")
                #expect(request.basic?.id == "billing-worker")
                #expect(request.basic?.secret == "pa+ss/w%rd:!x")
                #expect(request.fields.map(\.0) == ["grant_type", "scope"])
                #expect(request.field("grant_type") == "client_credentials")
                #expect(request.field("scope") == fixture.defaultScope)
                #expect(!request.rawBody.contains("billing-worker"))
                #expect(!result.stderr.contains("pa+ss"))
            }
        }

        @Test func theNumericUserIDInsteadOfTheUsernameIsInvalidClientWithAHint() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientCC", [], ["CLIENT_ID": "100000000000000002"])
                #expect(result.status == 1)
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.contains(#"answered HTTP 400: error "invalid_client", error_description "client not found""#))
                #expect(result.stderr.contains("hint: ZITADEL found no service user with this CLIENT_ID: it is the service user's username"))
            }
        }

        @Test func aWrongSecretIsInvalidRequestAndTheSecretIsNeverShown() async throws {
            try await ClientFixture.with { fixture in
                let wrong = "wr+ng/secret%!"
                let result = try await fixture.run("ClientCC", [], ["CLIENT_SECRET": wrong])
                #expect(result.status == 1)
                #expect(result.stderr.contains(#"HTTP 400: error "invalid_request", error_description "Errors.User.Machine.Secret.Invalid""#))
                #expect(result.stderr.contains("CLIENT_SECRET"))
                #expect(!result.stderr.contains(wrong) && !result.stderr.contains(FormURLEncoding.encode(component: wrong)))
                #expect(!result.stderr.contains(fixture.fake.serviceUser.secret))
            }
        }

        @Test func aBlankScopeIsSentAndZitadelsAnswerExplained() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientCC", [], ["SCOPE": "   "])
                #expect(result.status == 1)
                #expect(result.stderr.contains(#"error "invalid_request", error_description "scope missing""#))
                #expect(result.stderr.contains("empty SCOPE"))
            }
        }

        @Test func callAndZitadelAPIPrintTheirLinesAfterTheToken() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientCC", ["--call", "--zitadel-api"])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdoutLines.count == 5)
                #expect(result.stdoutLines.first == fixture.fake.issuedTokens.first)
                #expect(result.stdoutLines[1...3].map { String($0.prefix(while: { $0 != ">" })) }
                    == ["GET /api/public -", "GET /api/private -", "GET /api/private-scoped -"])
                #expect(result.stdoutLines[1...3].allSatisfy { $0.contains("-> 200 ") })
                #expect(result.stdoutLines[4].hasPrefix("GET /management/v1/orgs/me -> 200 "))
            }
        }

        @Test func aPlaceholderSecretIsRefusedWithoutShowingIt() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientCC", [], ["CLIENT_SECRET": "<YOUR_SERVICE_USER_CLIENT_SECRET>"])
                #expect(result.status == 2)
                #expect(result.stderr.contains("CLIENT_SECRET"))
                #expect(!result.stderr.contains("<YOUR_SERVICE_USER_CLIENT_SECRET>"))
                #expect(fixture.fake.requests.isEmpty)
            }
        }

        @Test func missingClientIDIsNamed() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientCC", [], ["CLIENT_ID": nil])
                #expect(result.status == 2)
                #expect(result.stderr.contains("CLIENT_ID"))
                #expect(fixture.fake.requests.isEmpty)
            }
        }
    }
}
