import Core
import Foundation
import LocalZitadelKit
import Testing

/// The suites that share one in-process stand-in (`shared`): serialized together, so that the request counts a test
/// reads are its own.
@Suite(.serialized) enum SharedStandInSuites {
    /// One instance for all of them: starting one generates three RSA keys.
    static let shared = Task { try await LocalZitadelServer.start() }
}

extension SharedStandInSuites {
    /// The stand-in as a user's test fixture: started in-process, its credentials and tokens used by Core's own
    /// clients, as an app's tests would use them.
    @Suite struct LocalZitadelServerTests {
        private func zitadel() async throws -> LocalZitadelServer { try await SharedStandInSuites.shared.value }

        @Test func theIssuerIsALoopbackOriginWithItsRealPort() async throws {
            let zitadel = try await zitadel()
            let url = try #require(URL(string: zitadel.issuer))
            #expect(url.scheme == "http" && url.host == "127.0.0.1" && (url.port ?? 0) > 0)
            #expect(url.path.isEmpty)
        }

        @Test func theKeyFilesReadAsZitadelsOwn() async throws {
            let zitadel = try await zitadel()
            let application = try ZitadelKeyFile(json: Array(zitadel.jwtApplicationKeyFile.utf8))
            guard case .application(let clientID, _) = application.kind else {
                Issue.record("not an application key file")
                return
            }
            #expect(clientID.hasSuffix("@messages-api"))
            let user = try ZitadelKeyFile(json: Array(zitadel.serviceUser.keyFile.utf8))
            #expect(user.kind == .serviceAccount(userID: zitadel.serviceUser.userID))
        }

        @Test func theServiceUserGetsATokenByClientCredentialsAndTheCallIsCounted() async throws {
            let zitadel = try await zitadel()
            let before = zitadel.requestCount(path: ZitadelStandIn.Path.token)
            let client = try await TokenClient.resolving(issuer: zitadel.issuer, tokenURL: nil)
            let response = try await client.requestToken(
                grant: .clientCredentials(
                    clientID: zitadel.serviceUser.username, clientSecret: zitadel.serviceUser.clientSecret),
                scope: TokenScope.zitadelDefault(projectID: zitadel.projectID))
            #expect(!response.accessToken.isEmpty)
            #expect(zitadel.requestCount(path: ZitadelStandIn.Path.token) == before + 1)
        }

        @Test func aMintedTokenIsCountedNowhere() async throws {
            let zitadel = try await zitadel()
            let before = zitadel.requestCount(path: ZitadelStandIn.Path.token)
            _ = try zitadel.accessToken()
            #expect(zitadel.requestCount(path: ZitadelStandIn.Path.token) == before)
        }

        @Test func aClientCredentialsProviderAsksOnceAndItsTokenIsGranted() async throws {
            let zitadel = try await zitadel()
            let tokens = TokenProvider.clientCredentials(
                issuer: zitadel.issuer, clientID: zitadel.serviceUser.username,
                clientSecret: zitadel.serviceUser.clientSecret,
                scope: TokenScope.zitadelDefault(projectID: zitadel.projectID))
            let before = zitadel.requestCount(path: ZitadelStandIn.Path.token)
            let first = try await tokens.token()
            let second = try await tokens.token()
            #expect(first == second)
            #expect(zitadel.requestCount(path: ZitadelStandIn.Path.token) == before + 1)
            let application = zitadel.basicApplication
            let tokenGuard = TokenGuard(introspector: IntrospectionClient(
                issuer: zitadel.issuer,
                authentication: .clientSecretBasic(clientID: application.clientID, secret: application.clientSecret)))
            let verdict = await tokenGuard.check(
                authorization: ["Bearer \(first.accessToken)"], requirement: .role("read:messages"), client: nil)
            #expect(verdict.principal?.clientID == zitadel.serviceUser.username)
        }
    }
}
