import Core
import Foundation
import LocalZitadelKit
import Testing

extension SharedStandInSuites {
    /// The token guard against the real stand-in on a socket, authenticating both ways (client secret and key
    /// file): the rows of the status table that ZITADEL itself can produce, and the principal as introspection fills
    /// it. (Rows ZITADEL never answers — an active answer past its `exp`, role claims of one shape only — are in
    /// TokenGuardTests.)
    @Suite struct TokenGuardStandInTests {
        private func zitadel() async throws -> LocalZitadelServer { try await SharedStandInSuites.shared.value }

        /// A guard authenticating with the client secret (APIBasic's way).
        private func basicGuard(_ zitadel: LocalZitadelServer, secret: String? = nil) -> TokenGuard {
            let application = zitadel.basicApplication
            return TokenGuard(introspector: IntrospectionClient(
                issuer: zitadel.issuer,
                authentication: .clientSecretBasic(
                    clientID: application.clientID, secret: secret ?? application.clientSecret)))
        }

        /// A guard authenticating with the application's key file (APIJWT's way).
        private func keyGuard(_ zitadel: LocalZitadelServer) throws -> TokenGuard {
            let keyFile = try ZitadelKeyFile(json: Array(zitadel.jwtApplicationKeyFile.utf8))
            let assertions = try ClientAssertionIssuer(keyFile: keyFile, issuer: zitadel.issuer)
            return TokenGuard(introspector: IntrospectionClient(
                issuer: zitadel.issuer, authentication: .privateKeyJWT(assertions)))
        }

        private func check(
            _ tokenGuard: TokenGuard, _ token: String?, _ requirement: TokenRequirement = .role("read:messages")
        ) async -> TokenVerdict {
            await tokenGuard.check(
                authorization: token.map { ["Bearer \($0)"] } ?? [], requirement: requirement, client: "127.0.0.1")
        }

        @Test(arguments: [LocalZitadelOptions.AccessTokenType.opaque, .jwt])
        func aTokenOfAUserWithTheRoleIsGrantedWithItsPrincipal(
            format: LocalZitadelOptions.AccessTokenType
        ) async throws {
            let zitadel = try await zitadel()
            let token = try zitadel.accessToken(format: format)
            for tokenGuard in [basicGuard(zitadel), try keyGuard(zitadel)] {
                let verdict = await check(tokenGuard, token)
                let principal = try #require(verdict.principal, "\(verdict)")
                #expect(principal.subject == zitadel.serviceUser.userID)
                #expect(principal.clientID == zitadel.serviceUser.username)
                #expect(principal.username == zitadel.serviceUser.username)
                #expect(principal.roles == ["read:messages"])
                #expect(principal.organizationID == zitadel.organizationID)
                let expiresAt = try #require(principal.expiresAt)
                #expect(abs(expiresAt.timeIntervalSinceNow - 12 * 3600) < 60)
                #expect(verdict.source == .introspection)
            }
        }

        @Test func thePersonalAccessTokenIsGrantedWithoutAClientID() async throws {
            let zitadel = try await zitadel()
            let principal = await check(basicGuard(zitadel), zitadel.serviceUser.personalAccessToken).principal
            #expect(principal?.subject == zitadel.serviceUser.userID)
            #expect(principal?.clientID == nil)
            #expect(principal?.roles == ["read:messages"])
        }

        @Test func noTokenIs401AndNothingIsAsked() async throws {
            let zitadel = try await zitadel()
            let before = zitadel.requestCount(path: ZitadelStandIn.Path.introspection)
            let verdict = await check(basicGuard(zitadel), nil)
            #expect(verdict.refusal?.status == 401)
            #expect(verdict.refusal?.wwwAuthenticate == #"Bearer realm="api""#)
            #expect(zitadel.requestCount(path: ZitadelStandIn.Path.introspection) == before)
        }

        @Test func anUnknownTokenIs401() async throws {
            let zitadel = try await zitadel()
            let verdict = await check(basicGuard(zitadel), "not-a-token-of-this-instance")
            #expect(verdict.refusal?.reason == .inactiveToken)
            #expect(verdict.refusal?.status == 401)
        }

        @Test func aRevokedTokenIs401() async throws {
            let zitadel = try await zitadel()
            let token = try zitadel.accessToken()
            #expect(zitadel.revoke(token))
            #expect(await check(basicGuard(zitadel), token).refusal?.reason == .inactiveToken)
        }

        @Test func aTokenWhoseUserLacksTheRoleIs403ButPassesPrivate() async throws {
            let zitadel = try await zitadel()
            let token = try zitadel.accessToken(withRole: false)
            let tokenGuard = basicGuard(zitadel)
            let scoped = await check(tokenGuard, token)
            #expect(scoped.refusal?.reason == .missingRole("read:messages"))
            #expect(scoped.refusal?.status == 403)
            let principal = await check(tokenGuard, token, .activeToken).principal
            #expect(principal?.subject == LocalZitadelServer.userWithoutRole.userID)
            #expect(principal?.roles == [])
        }

        @Test func theAPIsOwnCredentialsRefusedIs500() async throws {
            let zitadel = try await zitadel()
            let verdict = await check(basicGuard(zitadel, secret: "wrong"), try zitadel.accessToken())
            #expect(verdict.refusal?.status == 500)
            guard case .credentialsRejected(_, let status, let error) = verdict.refusal?.cause else {
                Issue.record("cause: \(String(describing: verdict.refusal?.cause))")
                return
            }
            #expect(status == 400 && error == "unauthorized_client")
        }

        @Test func aStoppedInstanceIs503() async throws {
            let zitadel = try await LocalZitadelServer.start()
            let tokenGuard = basicGuard(zitadel)
            let token = try zitadel.accessToken()
            await zitadel.stop()
            let verdict = await check(tokenGuard, token)
            #expect(verdict.refusal?.status == 503)
            #expect(verdict.refusal?.cause?.isTransient == true)
        }
    }
}
