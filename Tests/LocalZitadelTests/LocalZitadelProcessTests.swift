import Core
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ProcessSuites {
    /// The executable as a real process over loopback: what the samples and the tutorial see.
    @Suite(.timeLimit(.minutes(5))) struct LocalZitadelProcessTests {
        /// An assertion as ClientJWT and APIJWT sign it, from a key file the stand-in wrote.
        func assertion(keyFile path: String, issuer: String, issuedAt: Date = Date()) throws -> String {
            let file = try ZitadelKeyFile.load(path: path)
            let claims = JWTClaims(issuer: file.subject, subject: file.subject, audience: [issuer], issuedAt: issuedAt,
                                   expiresAt: issuedAt.addingTimeInterval(600))
            return try JWT.signRS256(claims: claims, keyID: file.keyID, key: file.privateKey)
        }

        func json(_ response: OutboundResponse) throws -> JSONValue {
            try JSONValue.parse(response.body)
        }

        @Test func samplesSettingsWorkEndToEndAndSIGTERMStopsCleanly() async throws {
            let zitadel = try await LocalZitadelProcess.launch()
            let issuer = zitadel.issuer
            let discovery = try await zitadel.get("/.well-known/openid-configuration")
            #expect(discovery.status == 200)
            #expect(discovery[header: "Content-Type"] == "application/json")
            #expect(discovery.body.last == UInt8(ascii: "\n"))
            #expect(try json(discovery)["issuer"] == .string(issuer))
            #expect(try zitadel.setting("ZITADEL_DOMAIN", in: "client-cc.env") == issuer)

            // ClientCC: client_credentials with the username and secret from client-cc.env.
            let projectID = try #require(try zitadel.setting("PROJECT_ID", in: "client-cc.env"))
            let scope = "openid profile urn:zitadel:iam:org:project:id:\(projectID):aud urn:zitadel:iam:org:projects:roles"
            let username = try #require(try zitadel.setting("CLIENT_ID", in: "client-cc.env"))
            let secret = try #require(try zitadel.setting("CLIENT_SECRET", in: "client-cc.env"))
            let issued = try await zitadel.post(
                "/oauth/v2/token", form: [("grant_type", "client_credentials"), ("scope", scope)],
                authorization: ClientSecretBasic.authorizationHeader(clientID: username, secret: secret))
            #expect(issued.status == 200)
            let ccToken = try #require(try json(issued)["access_token"]?.stringValue)

            // APIBasic introspects it with api-basic.env's credentials.
            let apiID = try #require(try zitadel.setting("API_CLIENT_ID", in: "api-basic.env"))
            let apiSecret = try #require(try zitadel.setting("API_CLIENT_SECRET", in: "api-basic.env"))
            let basicAuth = ClientSecretBasic.authorizationHeader(clientID: apiID, secret: apiSecret)
            let active = try await zitadel.post("/oauth/v2/introspect", form: [("token", ccToken)], authorization: basicAuth)
            #expect(active.status == 200)
            let answer = try json(active)
            #expect(answer["active"] == true)
            #expect(answer["urn:zitadel:iam:org:project:roles"]?["read:messages"] != nil)

            // ClientJWT: the JWT-bearer grant with client-key-file.json; APIJWT introspects with api-key-file.json.
            let userAssertion = try assertion(keyFile: zitadel.envDirectory + "/client-key-file.json", issuer: issuer)
            let granted = try await zitadel.post("/oauth/v2/token", form: [
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", userAssertion),
                ("scope", scope),
            ])
            #expect(granted.status == 200)
            let jwtToken = try #require(try json(granted)["access_token"]?.stringValue)
            let appAssertion = try assertion(keyFile: zitadel.envDirectory + "/api-key-file.json", issuer: issuer)
            let introspected = try await zitadel.post("/oauth/v2/introspect", form: [
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", appAssertion), ("token", jwtToken),
            ])
            #expect(try json(introspected)["active"] == true)

            // ClientPAT: the PAT from client-pat.env is active for the API.
            let pat = try #require(try zitadel.setting("PAT", in: "client-pat.env"))
            let patAnswer = try await zitadel.post("/oauth/v2/introspect", form: [("token", pat)], authorization: basicAuth)
            #expect(try json(patAnswer)["active"] == true)

            // A trailing slash in the assertion's audience: 500 as ZITADEL answers today.
            let slash = try assertion(keyFile: zitadel.envDirectory + "/client-key-file.json", issuer: issuer + "/")
            let refused = try await zitadel.post("/oauth/v2/token", form: [
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", slash), ("scope", scope),
            ])
            #expect(refused.status == 500)
            #expect(try json(refused) == ["error": "server_error", "error_description": "Errors.Internal"])

            // Revocation turns the token inactive.
            let revoked = try await zitadel.post(
                "/oauth/v2/revoke", form: [("token", ccToken)],
                authorization: ClientSecretBasic.authorizationHeader(clientID: username, secret: secret))
            #expect(revoked.status == 200)
            let after = try await zitadel.post("/oauth/v2/introspect", form: [("token", ccToken)], authorization: basicAuth)
            #expect(try json(after) == ["active": false])

            // ZITADEL's own API with the zitadel audience.
            let zitadelScope = "openid urn:zitadel:iam:org:project:id:zitadel:aud"
            let apiToken = try #require(try json(try await zitadel.post(
                "/oauth/v2/token", form: [("grant_type", "client_credentials"), ("scope", zitadelScope)],
                authorization: ClientSecretBasic.authorizationHeader(clientID: username, secret: secret)))["access_token"]?
                .stringValue)
            let org = try await zitadel.get("/management/v1/orgs/me", bearer: apiToken)
            #expect(org.status == 200)
            #expect(try json(org)["org"]?["state"] == "ORG_STATE_ACTIVE")

            let status = await zitadel.stop(signal: SIGTERM)
            #expect(status == 0)
            let log = zitadel.standardError
            #expect(log.contains("POST /oauth/v2/token 200 billing-worker"))
            #expect(log.contains("POST /oauth/v2/introspect 200 \(apiID)"))
            for secretValue in [secret, apiSecret, pat, ccToken, jwtToken, userAssertion] {
                #expect(!log.contains(secretValue))
            }
        }

        /// One process for three flags (key generation is the slow part of a start): JWT access tokens verifiable with
        /// the published keys and introspected active, no role claims with `--no-role`, and a clock two minutes behind
        /// that makes a fresh assertion look issued in the future. SIGINT stops it with status 0.
        @Test func jwtAccessTokensNoRoleAndClockOffset() async throws {
            let zitadel = try await LocalZitadelProcess.launch(
                ["--access-token-type", "jwt", "--no-role", "--clock-offset", "-120"])
            let projectID = try #require(try zitadel.setting("PROJECT_ID", in: "client-jwt.env"))
            let scope = "openid urn:zitadel:iam:org:project:id:\(projectID):aud"
            let userKeyFile = zitadel.envDirectory + "/client-key-file.json"
            let behind = Date().addingTimeInterval(-120)

            let fresh = try assertion(keyFile: userKeyFile, issuer: zitadel.issuer)
            let refused = try await zitadel.post("/oauth/v2/token", form: [
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", fresh), ("scope", scope),
            ])
            #expect(refused.status == 500)

            let shifted = try assertion(keyFile: userKeyFile, issuer: zitadel.issuer, issuedAt: behind)
            let issued = try await zitadel.post("/oauth/v2/token", form: [
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", shifted), ("scope", scope),
            ])
            #expect(issued.status == 200)
            let token = try #require(try json(issued)["access_token"]?.stringValue)

            let keys = try json(try await zitadel.get("/oauth/v2/keys"))
            let jwk = try #require(keys["keys"]?[0])
            let key = try RSAPublicKey(modulus: try Base64URL.decode(try #require(jwk["n"]?.stringValue)),
                                       publicExponent: try Base64URL.decode(try #require(jwk["e"]?.stringValue)))
            #expect(try JWT.verifyRS256(token, key: key).claims.audience == [projectID])

            let apiAssertion = try assertion(keyFile: zitadel.envDirectory + "/api-key-file.json", issuer: zitadel.issuer,
                                             issuedAt: behind)
            let answer = try json(try await zitadel.post("/oauth/v2/introspect", form: [
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", apiAssertion), ("token", token),
            ]))
            #expect(answer["active"] == true)
            #expect(answer["urn:zitadel:iam:org:project:roles"] == nil)
            #expect(answer["urn:zitadel:iam:org:project:\(projectID):roles"] == nil)
            #expect(await zitadel.stop(signal: SIGINT) == 0)
        }

        @Test func helpAndBadFlagsNeedNoKeys() async throws {
            for (arguments, expected) in [(["--help"], Int32(0)), (["--bogus"], Int32(2))] {
                let result = try await SampleProcess.run("LocalZitadel", arguments, timeout: .seconds(20))
                #expect(result.status == expected, "\(arguments): \(result.stderr)")
            }
        }
    }
}
