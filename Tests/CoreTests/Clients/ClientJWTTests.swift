import Foundation
import Testing
import TestSupport

@testable import Core

extension ProcessSuites {
    /// ClientJWT run as a process against the stand-in, which checks the JWT-bearer grant by ZITADEL's rules
    /// (docs/zitadel.md, "JWT assertions"): a token it issues shows the assertion was right — RS256, the key's `kid`,
    /// `iss` = `sub` = the user id, the issuer exactly in `aud`, `iat` and `exp` in ZITADEL's window, a signature that
    /// verifies. (The assertion's exact claims and an OpenSSL check of its signature: JWTBearerAssertionTests.)
    @Suite struct ClientJWTTests {
        @Test func printsExactlyTheAccessTokenAndASummaryOnStderr() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let result = try await fixture.run("ClientJWT")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(fixture.standIn.counts - before == RequestCounts(discovery: 1, token: 1))
            #expect(result.lines.count == 1)
            let token = try #require(result.lines.first)
            #expect(try await fixture.grant(of: token) == fixture.defaultGrant)
            #expect(result.stderr.contains("got a Bearer token"))
            #expect(result.stderr.contains("expires in 43199 s"))
            #expect(result.stderr.contains("scope asked: \(fixture.defaultScope)"))
            #expect(!result.stderr.contains(token))
            #expect(!result.stderr.contains("eyJ"), "no JWT — the assertion, the id token — on stderr")
        }

        @Test func findsTheTokenEndpointByDiscoveryUnlessTokenURLIsSet() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            #expect(try await fixture.run("ClientJWT").status == 0)
            #expect(fixture.standIn.counts - before == RequestCounts(discovery: 1, token: 1))
            let explicit = try await fixture.run(
                "ClientJWT", [], ["ZITADEL_TOKEN_URL": fixture.standIn.tokenURL.absoluteString])
            #expect(explicit.status == 0)
            #expect(fixture.standIn.counts - before == RequestCounts(discovery: 1, token: 2))
        }

        @Test func callPrintsOneLinePerRouteAfterTheToken() async throws {
            let fixture = try await ClientFixture()
            let result = try await fixture.run("ClientJWT", ["--call"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.lines.dropFirst() == [
                #"GET /api/public -> 200 {"message":"Public route - You don't need to be authenticated to see this."}"#,
                #"GET /api/private -> 200 {"message":"Private route - You need to be authenticated to see this."}"#,
                #"GET /api/private-scoped -> 200 {"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."}"#,
            ])
            #expect(try await fixture.grant(of: result.lines.first) == fixture.defaultGrant)
        }

        @Test func withoutTheProjectAudienceScopeTheAPISaysInactiveAndStderrSaysWhy() async throws {
            let fixture = try await ClientFixture()
            let result = try await fixture.run("ClientJWT", ["--call"], ["SCOPE": "openid read:messages"])
            #expect(result.status == 0)
            #expect(result.stderr.contains("scope asked: openid read:messages"))
            #expect(result.lines.count == 4)
            #expect(result.lines.dropFirst(2).allSatisfy { $0.contains("-> 401 ") })
            #expect(result.stderr.contains("inactive"))
        }

        @Test func zitadelAPIAddsItsAudienceAndCallsOrgsMe() async throws {
            let fixture = try await ClientFixture()
            let result = try await fixture.run("ClientJWT", ["--zitadel-api"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.lines.count == 2)
            var expected = fixture.defaultGrant
            expected.scope = fixture.defaultScope + " urn:zitadel:iam:org:project:id:zitadel:aud"
            #expect(try await fixture.grant(of: result.lines.first) == expected)
            let orgs = try #require(result.lines.last)
            #expect(orgs.hasPrefix("GET /management/v1/orgs/me -> 200 {"), "\(orgs)")
            #expect(orgs.contains(#""id":"\#(fixture.zitadel.organizationID)""#), "\(orgs)")
        }

        // MARK: - Token endpoint failures: exit 1, status, error, error_description and a hint on stderr

        @Test func aKeyZitadelDoesNotKnowGets500ServerErrorWithTheAssertionHint() async throws {
            let fixture = try await ClientFixture()
            // Another key (from the openssl vectors) under the same keyId and userId: ZITADEL's signature check fails.
            let cases = try #require(try Vectors.json("openssl-rs256")["cases"] as? [[String: Any]])
            let pem = try #require(cases.first { $0["name"] as? String == "rsa3072" }?["private_key_pkcs1_pem"] as? String)
            let keyFileData = Data(fixture.zitadel.serviceUser.keyFile.utf8)
            var keyFile = try #require(try JSONSerialization.jsonObject(with: keyFileData) as? [String: Any])
            keyFile["key"] = pem
            let other = try fixture.write(
                "other-key.json", String(decoding: try JSONSerialization.data(withJSONObject: keyFile), as: UTF8.self))
            let logged = fixture.standIn.log.count
            let result = try await fixture.run("ClientJWT", [], ["CLIENT_PRIVATE_KEY_FILE_PATH": other])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains(#"answered HTTP 500: error "server_error", error_description "Errors.Internal""#))
            #expect(result.stderr.contains(fixture.issuer + "/oauth/v2/token"))
            let hint = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("hint: ") })
            #expect(hint.contains("ZITADEL answers 500 server_error when it rejects a JWT assertion"))
            #expect(hint.contains("clock"))
            #expect(fixture.standIn.log.since(logged).contains { $0.contains("assertion signature does not verify") })
        }

        @Test func aBlankScopeIs400WithTheHintNamingSCOPE() async throws {
            let fixture = try await ClientFixture()
            let result = try await fixture.run("ClientJWT", [], ["SCOPE": "   "])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains(#"HTTP 400: error "invalid_request", error_description "scope missing""#))
            let hint = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("hint: ") })
            #expect(hint.contains("SCOPE"))
        }

        /// ZITADEL refuses a bad assertion with a 500 (above); should it ever say it does not know the user, the
        /// client still shows status and codes, and its hint points at the key file's userId.
        @Test func anInvalidClientAnswerExitsOneWithTheUserIdHint() async throws {
            let fixture = try await ClientFixture()
            let zitadel = try MisbehavingZitadel(
                token: .json(400, #"{"error":"invalid_client","error_description":"client not found"}"#))
            let result = try await fixture.run("ClientJWT", [], ["ZITADEL_DOMAIN": zitadel.issuer])
            await zitadel.stop()
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains(#"HTTP 400: error "invalid_client", error_description "client not found""#))
            let hint = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("hint: ") })
            #expect(hint.contains("userId"))
        }

        @Test func rateLimitIsReportedWithItsStatusAndAdvice() async throws {
            let fixture = try await ClientFixture()
            let zitadel = try MisbehavingZitadel(token: .body(429, contentType: "text/plain", "Too Many Requests\n"))
            let result = try await fixture.run("ClientJWT", [], ["ZITADEL_DOMAIN": zitadel.issuer])
            await zitadel.stop()
            #expect(result.status == 1)
            #expect(result.stderr.contains("ZITADEL is rate-limiting: the token endpoint "))
            #expect(result.stderr.contains("answered HTTP 429; try again later"))
            #expect(result.stderr.contains("hint: ZITADEL limits the OAuth endpoints"))
        }

        @Test func nonJSONAnswersAreReportedAsSuch() async throws {
            let fixture = try await ClientFixture()
            let zitadel = try MisbehavingZitadel(token: .body(200, contentType: "text/html", "<html>login</html>"))
            let result = try await fixture.run("ClientJWT", [], ["ZITADEL_DOMAIN": zitadel.issuer])
            await zitadel.stop()
            #expect(result.status == 1)
            #expect(result.stderr.contains("answered HTTP 200 with a body that is not JSON (Content-Type text/html)"))
            #expect(result.stdout.isEmpty)
        }

        @Test func refusedConnectionNamesTheTokenURL() async throws {
            let fixture = try await ClientFixture()
            let url = "http://127.0.0.1:\(try SilentListener.closedPort())/oauth/v2/token"
            let result = try await fixture.run("ClientJWT", [], ["ZITADEL_TOKEN_URL": url])
            #expect(result.status == 1)
            #expect(result.stderr.contains("could not reach the token endpoint \(url): connection refused"), "\(result.stderr)")
        }

        @Test func silentTokenEndpointTimesOut() async throws {
            let fixture = try await ClientFixture()
            let listener = try SilentListener()
            let url = "http://127.0.0.1:\(listener.port)/oauth/v2/token"
            let result = try await fixture.run("ClientJWT", [], ["ZITADEL_TOKEN_URL": url])
            #expect(result.status == 1)
            #expect(result.stderr.contains("the token endpoint \(url) did not answer within 5 s"), "\(result.stderr)")
            withExtendedLifetime(listener) {}
        }

        @Test func unreachableAPIOnCallIsANetworkFailure() async throws {
            let fixture = try await ClientFixture()
            let api = "http://127.0.0.1:\(try SilentListener.closedPort())"
            let result = try await fixture.run("ClientJWT", ["--call"], ["API_BASE_URL": api])
            #expect(result.status == 1)
            #expect(result.lines.count == 1, "the token was printed before the call failed")
            #expect(result.stderr.contains(api + "/api/public"))
        }

        // MARK: - Settings: exit 2, the setting named, nothing sent

        @Test func missingKeyFileNamesTheSetting() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let result = try await fixture.run("ClientJWT", [], ["CLIENT_PRIVATE_KEY_FILE_PATH": "no-such-key.json"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("CLIENT_PRIVATE_KEY_FILE_PATH"))
            #expect(result.stderr.contains("no-such-key.json"))
            #expect(fixture.standIn.counts - before == RequestCounts())
        }

        @Test func placeholderValuesAreRefusedByName() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let result = try await fixture.run("ClientJWT", [], ["PROJECT_ID": "<YOUR_ZITADEL_PROJECT_ID>"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("PROJECT_ID"))
            #expect(result.stderr.contains("placeholder"))
            #expect(fixture.standIn.counts - before == RequestCounts())
        }

        @Test func theTemplateKeyFileIsRefusedNamingTheSetting() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let template = try fixture.write("template.json", #"{"type":"serviceaccount","keyId":"<YOUR_KEY_ID>","key":"-----BEGIN RSA PRIVATE KEY-----\n<YOUR_KEY>\n-----END RSA PRIVATE KEY-----\n","userId":"<YOUR_USER_ID>"}"#)
            let result = try await fixture.run("ClientJWT", [], ["CLIENT_PRIVATE_KEY_FILE_PATH": template])
            #expect(result.status == 2)
            #expect(result.stderr.contains("CLIENT_PRIVATE_KEY_FILE_PATH: the ZITADEL key file"))
            #expect(result.stderr.contains("template"))
            #expect(fixture.standIn.counts - before == RequestCounts())
        }

        @Test func anApplicationKeyIsRefusedAsNotAServiceUserKey() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let path = try fixture.write("api-key-file.json", fixture.zitadel.jwtApplicationKeyFile)
            let result = try await fixture.run("ClientJWT", [], ["CLIENT_PRIVATE_KEY_FILE_PATH": path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("CLIENT_PRIVATE_KEY_FILE_PATH"))
            #expect(result.stderr.contains("is an API application key"))
            #expect(result.stderr.contains("not a service user key"))
            #expect(!result.stderr.contains("PRIVATE KEY-----"))
            #expect(fixture.standIn.counts - before == RequestCounts())
        }

        @Test func helpListsEverySettingAndExitsZero() async throws {
            let fixture = try await ClientFixture()
            let before = fixture.standIn.counts
            let result = try await fixture.run("ClientJWT", ["--help"])
            #expect(result.status == 0)
            for name in ["ZITADEL_DOMAIN", "PROJECT_ID", "CLIENT_PRIVATE_KEY_FILE_PATH", "ZITADEL_TOKEN_URL", "API_BASE_URL",
                         "SCOPE", "--call", "--zitadel-api"] {
                #expect(result.stdout.contains(name), "--help lacks \(name)")
            }
            #expect(fixture.standIn.counts - before == RequestCounts())
        }

        @Test func aRelativeKeyPathInAnEnvFileIsRelativeToThatFile() async throws {
            let fixture = try await ClientFixture()
            // A name found only beside the env file, not in the folder the client runs in.
            try fixture.folder.write("env/key-beside-the-env-file.json", fixture.zitadel.serviceUser.keyFile)
            try fixture.folder.write("env/client-jwt.env", """
                CLIENT_PRIVATE_KEY_FILE_PATH = "key-beside-the-env-file.json"
                PROJECT_ID="\(fixture.zitadel.projectID)"
                ZITADEL_DOMAIN = "\(fixture.issuer)"
                """)
            let result = try await SampleProcess.run("ClientJWT", in: fixture.folder.url)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.lines.count == 1)
            #expect(try await fixture.grant(of: result.lines.first) == fixture.defaultGrant)
        }
    }
}
