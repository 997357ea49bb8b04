import Foundation
import Testing
@testable import Core

extension ClientProcessTests {
    /// ClientJWT run as a process against a fake ZITADEL that checks the JWT-bearer grant by docs/zitadel.md's rules.
    @Suite struct ClientJWTTests {
        @Test func printsExactlyTheAccessTokenAndASummaryOnStderr() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientJWT")
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdoutLines == fixture.fake.issuedTokens)
                #expect(fixture.fake.issuedTokens.count == 1)
                #expect(result.stderr.contains("got a Bearer token"))
                #expect(result.stderr.contains("expires in 43199 s"))
                #expect(result.stderr.contains("scope asked: \(fixture.defaultScope)"))
                #expect(!result.stderr.contains(try #require(fixture.fake.issuedTokens.first)))
            }
        }

        @Test func sendsTheJWTBearerGrantAsZitadelExpects() async throws {
            try await ClientFixture.with { fixture in
                let before = Date().addingTimeInterval(-1)
                let result = try await fixture.run("ClientJWT")
                #expect(result.status == 0, "\(result.stderr)")
                let request = try #require(fixture.fake.requests.first)
                #expect(request.contentType == "application/x-www-form-urlencoded")
                #expect(request.authorization == nil, "the JWT-bearer grant carries no client authentication")
                #expect(request.fields.map(\.0) == ["grant_type", "assertion", "scope"])
                #expect(request.field("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer")
                #expect(request.field("scope") == fixture.defaultScope)

                // The fake verified the signature with JWT.verifyRS256; check header and claims exactly.
                let assertion = try #require(request.verifiedAssertion)
                #expect(assertion.header.algorithm == "RS256")
                #expect(assertion.header.keyID == fixture.keyFileJSON["keyId"] as? String)
                let userID = try #require(fixture.keyFileJSON["userId"] as? String)
                #expect(assertion.claims.issuer == userID && assertion.claims.subject == userID)
                #expect(assertion.claims.audience == [fixture.issuer])
                let issuedAt = try #require(assertion.claims.issuedAt), expiresAt = try #require(assertion.claims.expiresAt)
                #expect(issuedAt >= before.addingTimeInterval(-1) && issuedAt <= Date().addingTimeInterval(1))
                #expect(expiresAt.timeIntervalSince(issuedAt) == 3600)

                // And the openssl CLI agrees the signature is good.
                let compact = try #require(request.field("assertion"))
                let parts = compact.split(separator: ".").map(String.init)
                #expect(parts.count == 3)
                let publicKey = fixture.folder.appendingPathComponent("pub.pem")
                let signature = fixture.folder.appendingPathComponent("sig.bin")
                try Data(fixture.fake.serviceUser.publicKey.spkiPEM.utf8).write(to: publicKey)
                try Data(Base64URL.decode(parts[2])).write(to: signature)
                let verdict = try await OpenSSL.run(["dgst", "-sha256", "-verify", publicKey.path, "-signature", signature.path],
                                              input: Array("\(parts[0]).\(parts[1])".utf8))
                #expect(String(decoding: verdict, as: UTF8.self).contains("Verified OK"))
                #expect(!result.stderr.contains(compact))
            }
        }

        @Test func findsTheTokenEndpointByDiscoveryUnlessTokenURLIsSet() async throws {
            try await ClientFixture.with { fixture in
                #expect(try await fixture.run("ClientJWT").status == 0)
                #expect(fixture.fake.discoveryCount == 1)
                let explicit = try await fixture.run("ClientJWT", [], ["ZITADEL_TOKEN_URL": fixture.issuer + "/oauth/v2/token"])
                #expect(explicit.status == 0)
                #expect(fixture.fake.discoveryCount == 1)
                #expect(fixture.fake.requests.count == 2)
            }
        }

        @Test func callPrintsOneLinePerRouteAfterTheToken() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientJWT", ["--call"])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdoutLines == [
                    try #require(fixture.fake.issuedTokens.first),
                    #"GET /api/public -> 200 {"message":"Public route - You don't need to be authenticated to see this."}"#,
                    #"GET /api/private -> 200 {"message":"Private route - You need to be authenticated to see this."}"#,
                    #"GET /api/private-scoped -> 200 {"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."}"#,
                ])
            }
        }

        @Test func aForbiddenRouteIsAResultNotAFailure() async throws {
            try await ClientFixture.with { fixture in
                fixture.fake.update { $0.hasRole = false }
                let result = try await fixture.run("ClientJWT", ["--call"])
                #expect(result.status == 0)
                #expect(result.stdoutLines.last?.hasPrefix("GET /api/private-scoped -> 403 ") == true)
            }
        }

        @Test func withoutTheProjectAudienceScopeTheAPISaysInactiveAndStderrSaysWhy() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientJWT", ["--call"], ["SCOPE": "openid read:messages"])
                #expect(result.status == 0)
                #expect(try #require(fixture.fake.requests.first).field("scope") == "openid read:messages")
                #expect(result.stdoutLines.dropFirst(2).allSatisfy { $0.contains("-> 401 ") })
                #expect(result.stderr.contains("inactive"))
            }
        }

        @Test func zitadelAPIAddsItsAudienceAndCallsOrgsMe() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientJWT", ["--zitadel-api"])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(try #require(fixture.fake.requests.first).field("scope")
                    == fixture.defaultScope + " urn:zitadel:iam:org:project:id:zitadel:aud")
                #expect(result.stdoutLines.count == 2)
                #expect(result.stdoutLines.last == #"GET /management/v1/orgs/me -> 200 {"org":{"id":"200000000000000001","name":"ACME"}}"#)
            }
        }

        // MARK: - Token endpoint failures: exit 1, status, error, error_description and a hint on stderr

        @Test func aKeyZitadelDoesNotKnowGets500ServerErrorWithTheAssertionHint() async throws {
            try await ClientFixture.with { fixture in
                // Another key (from the openssl vectors) under the same keyId and userId: ZITADEL's signature check fails.
                let cases = try #require(try Vectors.json("openssl-rs256")["cases"] as? [[String: Any]])
                let pem = try #require(cases.first { $0["name"] as? String == "rsa3072" }?["private_key_pkcs1_pem"] as? String)
                var keyFile = fixture.keyFileJSON
                keyFile["key"] = pem
                let other = try fixture.write("other-key.json", String(decoding: try JSONSerialization.data(withJSONObject: keyFile), as: UTF8.self))
                let result = try await fixture.run("ClientJWT", [], ["CLIENT_PRIVATE_KEY_FILE_PATH": other])
                #expect(result.status == 1)
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.contains(#"answered HTTP 500: error "server_error", error_description "Errors.Internal""#))
                #expect(result.stderr.contains("hint: ZITADEL answers 500 server_error when it rejects a JWT assertion"))
                #expect(result.stderr.contains(fixture.issuer + "/oauth/v2/token"))
            }
        }

        @Test(arguments: [
            (400, #"{"error":"invalid_client","error_description":"client not found"}"#, #"HTTP 400: error "invalid_client", error_description "client not found""#, "userId"),
            (400, #"{"error":"invalid_request","error_description":"scope missing"}"#, #"HTTP 400: error "invalid_request", error_description "scope missing""#, "SCOPE"),
            (500, #"{"error":"server_error","error_description":"Errors.Internal"}"#, #"HTTP 500: error "server_error""#, "clock"),
        ])
        func oauthErrorsExitOneWithStatusCodesAndHint(status: Int, body: String, shown: String, hintWord: String) async throws {
            try await ClientFixture.with { fixture in
                fixture.fake.script(status: status, body: body)
                let result = try await fixture.run("ClientJWT")
                #expect(result.status == 1)
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.contains(shown), "\(result.stderr)")
                let hint = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("hint: ") })
                #expect(hint.contains(hintWord))
            }
        }

        @Test func rateLimitIsReportedWithItsStatusAndAdvice() async throws {
            try await ClientFixture.with { fixture in
                fixture.fake.script(status: 429, contentType: "text/plain", body: "Too Many Requests\n")
                let result = try await fixture.run("ClientJWT")
                #expect(result.status == 1)
                #expect(result.stderr.contains("answered HTTP 429 with a body that is not JSON (Content-Type text/plain): Too Many Requests"))
                #expect(result.stderr.contains("hint: ZITADEL limits the OAuth endpoints"))
            }
        }

        @Test func nonJSONAnswersAreReportedAsSuch() async throws {
            try await ClientFixture.with { fixture in
                fixture.fake.script(status: 200, contentType: "text/html", body: "<html>login</html>")
                let result = try await fixture.run("ClientJWT")
                #expect(result.status == 1)
                #expect(result.stderr.contains("answered HTTP 200 with a body that is not JSON (Content-Type text/html)"))
                #expect(result.stdout.isEmpty)
            }
        }

        @Test func refusedConnectionNamesTheTokenURL() async throws {
            try await ClientFixture.with { fixture in
                let url = "http://127.0.0.1:\(try SilentListener.closedPort())/oauth/v2/token"
                let result = try await fixture.run("ClientJWT", [], ["ZITADEL_TOKEN_URL": url])
                #expect(result.status == 1)
                #expect(result.stderr.contains("could not reach the token endpoint \(url): connection refused"), "\(result.stderr)")
            }
        }

        @Test func silentTokenEndpointTimesOut() async throws {
            try await ClientFixture.with { fixture in
                let listener = try SilentListener()
                let url = "http://127.0.0.1:\(listener.port)/oauth/v2/token"
                let result = try await fixture.run("ClientJWT", [], ["ZITADEL_TOKEN_URL": url])
                #expect(result.status == 1)
                #expect(result.stderr.contains("the token endpoint \(url) did not answer within 5 s"), "\(result.stderr)")
                withExtendedLifetime(listener) {}
            }
        }

        @Test func unreachableAPIOnCallIsANetworkFailure() async throws {
            try await ClientFixture.with { fixture in
                let api = "http://127.0.0.1:\(try SilentListener.closedPort())"
                let result = try await fixture.run("ClientJWT", ["--call"], ["API_BASE_URL": api])
                #expect(result.status == 1)
                #expect(result.stdoutLines.count == 1, "the token was printed before the call failed")
                #expect(result.stderr.contains(api + "/api/public"))
            }
        }

        // MARK: - Settings: exit 2, the setting named, nothing sent

        @Test func missingKeyFileNamesTheSetting() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientJWT", [], ["CLIENT_PRIVATE_KEY_FILE_PATH": "no-such-key.json"])
                #expect(result.status == 2)
                #expect(result.stderr.contains("CLIENT_PRIVATE_KEY_FILE_PATH"))
                #expect(result.stderr.contains("no-such-key.json"))
                #expect(fixture.fake.requests.isEmpty && fixture.fake.discoveryCount == 0)
            }
        }

        @Test func placeholderValuesAreRefusedByName() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientJWT", [], ["PROJECT_ID": "<YOUR_ZITADEL_PROJECT_ID>"])
                #expect(result.status == 2)
                #expect(result.stderr.contains("PROJECT_ID"))
                #expect(result.stderr.contains("placeholder"))
                #expect(fixture.fake.requests.isEmpty)
            }
        }

        @Test func theTemplateKeyFileIsRefusedNamingTheSetting() async throws {
            try await ClientFixture.with { fixture in
                let template = try fixture.write("template.json", #"{"type":"serviceaccount","keyId":"<YOUR_KEY_ID>","key":"-----BEGIN RSA PRIVATE KEY-----\n<YOUR_KEY>\n-----END RSA PRIVATE KEY-----\n","userId":"<YOUR_USER_ID>"}"#)
                let result = try await fixture.run("ClientJWT", [], ["CLIENT_PRIVATE_KEY_FILE_PATH": template])
                #expect(result.status == 2)
                #expect(result.stderr.contains("CLIENT_PRIVATE_KEY_FILE_PATH: the ZITADEL key file"))
                #expect(result.stderr.contains("template"))
                #expect(fixture.fake.requests.isEmpty)
            }
        }

        @Test func anApplicationKeyIsRefusedAsNotAServiceUserKey() async throws {
            try await ClientFixture.with { fixture in
                let path = fixture.folder.appendingPathComponent("api-key-file.json")
                try Vectors.data("zitadel-application-key").write(to: path)
                let result = try await fixture.run("ClientJWT", [], ["CLIENT_PRIVATE_KEY_FILE_PATH": path.path])
                #expect(result.status == 2)
                #expect(result.stderr.contains("CLIENT_PRIVATE_KEY_FILE_PATH"))
                #expect(result.stderr.contains("is an API application key"))
                #expect(result.stderr.contains("not a service user key"))
                #expect(!result.stderr.contains("PRIVATE KEY-----"))
                #expect(fixture.fake.requests.isEmpty)
            }
        }

        @Test func helpListsEverySettingAndExitsZero() async throws {
            try await ClientFixture.with { fixture in
                let result = try await fixture.run("ClientJWT", ["--help"])
                #expect(result.status == 0)
                for name in ["ZITADEL_DOMAIN", "PROJECT_ID", "CLIENT_PRIVATE_KEY_FILE_PATH", "ZITADEL_TOKEN_URL", "API_BASE_URL",
                             "SCOPE", "--call", "--zitadel-api"] {
                    #expect(result.stdout.contains(name), "--help lacks \(name)")
                }
                #expect(fixture.fake.requests.isEmpty)
            }
        }

        @Test func aRelativeKeyPathInAnEnvFileIsRelativeToThatFile() async throws {
            try await ClientFixture.with { fixture in
                let envFolder = fixture.folder.appendingPathComponent("env")
                try FileManager.default.createDirectory(at: envFolder, withIntermediateDirectories: true)
                try Vectors.data("zitadel-serviceaccount-key").write(to: envFolder.appendingPathComponent("client-key-file.json"))
                try Data("""
                    CLIENT_PRIVATE_KEY_FILE_PATH = "client-key-file.json"
                    PROJECT_ID="\(fixture.fake.projectID)"
                    ZITADEL_DOMAIN = "\(fixture.issuer)"
                    """.utf8).write(to: envFolder.appendingPathComponent("client-jwt.env"))
                let result = try await ClientProcess.run("ClientJWT", environment: [:], in: fixture.folder)
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdoutLines == fixture.fake.issuedTokens)
            }
        }
    }
}
