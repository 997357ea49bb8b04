import Core
import LocalZitadelKit
import Testing
import VaporTesting

@testable import MessagesAPI

/// The three routes of the Python samples through Vapor's in-memory tester, with tokens of the real stand-in: the
/// exact bodies on success, and on refusal exactly what `Refusal` says (status, challenge, JSON body).
@Suite struct ProtectedRoutesTests {
    static let messages = [
        ("/api/public", #"{"message":"Public route - You don't need to be authenticated to see this."}"#),
        ("/api/private", #"{"message":"Private route - You need to be authenticated to see this."}"#),
        ("/api/private-scoped", #"{"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."}"#),
    ]

    private func standIn() async throws -> StandIn { try await StandIn.shared.value }

    @Test(arguments: [LocalZitadelOptions.AccessTokenType.opaque, .jwt])
    func everyRouteAnswersItsMessageToATokenWithTheRole(format: LocalZitadelOptions.AccessTokenType) async throws {
        let standIn = try await standIn()
        let token = try standIn.zitadel.accessToken(format: format)
        try await withMessagesAPI(tokenGuard: standIn.tokenGuard()) { app in
            for (path, body) in Self.messages {
                let response = try await app.testing().sendRequest(.GET, path, headers: .bearer(token))
                #expect(response.status == .ok, "\(path)")
                #expect(response.body.string == body)
                #expect(response.headers[.contentType] == ["application/json"])
                // An answer that depends on the token is not for shared caches; the public one may be cached.
                #expect(response.headers[.cacheControl] == (path == "/api/public" ? [] : ["no-store"]), "\(path)")
            }
        }
    }

    @Test func thePublicRouteNeedsNoToken() async throws {
        try await withMessagesAPI(tokenGuard: try await standIn().tokenGuard()) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/public")
            #expect(response.status == .ok)
            #expect(response.body.string == Self.messages[0].1)
        }
    }

    @Test(arguments: ["/api/private", "/api/private-scoped"])
    func noTokenIs401WithABareChallenge(path: String) async throws {
        let introspector = CountingIntrospector(StandIn.introspector(for: try await standIn().zitadel))
        try await withMessagesAPI(tokenGuard: TokenGuard(introspector: introspector)) { app in
            let response = try await app.testing().sendRequest(.GET, path)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == [#"Bearer realm="api""#])
            #expect(response.headers[.contentType] == ["application/json"])
            #expect(response.headers[.cacheControl] == ["no-store"])
            #expect(response.body.string == #"{"error":"missing_authorization","error_description":"This route needs an access token: send Authorization: Bearer <token>."}"#)
        }
        // Decided from the header alone: ZITADEL was not asked.
        #expect(introspector.count == 0)
    }

    @Test func anUnknownTokenIs401InvalidToken() async throws {
        try await withMessagesAPI(tokenGuard: try await standIn().tokenGuard()) { app in
            let response = try await app.testing().sendRequest(
                .GET, "/api/private", headers: .bearer("not-a-token-of-this-instance"))
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == [
                #"Bearer realm="api", error="invalid_token", error_description="The access token is inactive, unknown, revoked or expired.""#
            ])
            #expect(response.body.string == #"{"error":"invalid_token","error_description":"The access token is inactive, unknown, revoked or expired."}"#)
        }
    }

    @Test func aTokenWithoutTheRoleIs403OnTheScopedRouteAnd200OnThePrivateOne() async throws {
        let standIn = try await standIn()
        let token = try standIn.zitadel.accessToken(withRole: false)
        try await withMessagesAPI(tokenGuard: standIn.tokenGuard()) { app in
            let scoped = try await app.testing().sendRequest(.GET, "/api/private-scoped", headers: .bearer(token))
            #expect(scoped.status == .forbidden)
            #expect(scoped.headers[.wwwAuthenticate] == [
                #"Bearer realm="api", error="insufficient_scope", error_description="The access token lacks the role read:messages.""#
            ])
            #expect(scoped.body.string == #"{"error":"insufficient_scope","error_description":"The access token lacks the role read:messages."}"#)

            let plain = try await app.testing().sendRequest(.GET, "/api/private", headers: .bearer(token))
            #expect(plain.status == .ok)
            #expect(plain.body.string == Self.messages[1].1)
        }
    }

    @Test func twoAuthorizationHeadersAre400() async throws {
        let standIn = try await standIn()
        let token = try standIn.zitadel.accessToken()
        var headers = HTTPHeaders()
        headers.add(name: .authorization, value: "Bearer \(token)")
        headers.add(name: .authorization, value: "Bearer \(token)")
        try await withMessagesAPI(tokenGuard: standIn.tokenGuard()) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/private", headers: headers)
            #expect(response.status == .badRequest)
            #expect(response.body.string == #"{"error":"invalid_request","error_description":"Send exactly one Authorization header."}"#)
        }
    }

    @Test func thePrincipalReachesTheHandler() async throws {
        let standIn = try await standIn()
        let token = try standIn.zitadel.accessToken()
        let tokenGuard = standIn.tokenGuard()
        try await withMessagesAPI(tokenGuard: tokenGuard, extraRoutes: { app in
            // A route of the test's own, behind the same middleware: it reads the principal the Vapor way.
            app.grouped(TokenGuardMiddleware(tokenGuard, requiring: .activeToken)).get("whoami") { req in
                let principal = try req.auth.require(Principal.self)
                return [principal.subject ?? "-", principal.clientID ?? "-", principal.roles.sorted().joined(separator: ","),
                        principal.organizationID ?? "-"].joined(separator: " ")
            }
        }) { app in
            let response = try await app.testing().sendRequest(.GET, "/whoami", headers: .bearer(token))
            #expect(response.status == .ok)
            let user = standIn.zitadel.serviceUser
            #expect(response.body.string
                == "\(user.userID) \(user.username) read:messages \(standIn.zitadel.organizationID)")
        }
    }

    @Test func theAPIsOwnCredentialsRefusedIs500AndTheCauseIsLoggedNotSent() async throws {
        let standIn = try await standIn()
        let log = LogRecorder()
        try await withMessagesAPI(tokenGuard: standIn.tokenGuard(secret: "wrong"), logger: log.logger()) { app in
            let response = try await app.testing().sendRequest(
                .GET, "/api/private", headers: .bearer(try standIn.zitadel.accessToken()))
            #expect(response.status == .internalServerError)
            #expect(response.headers[.wwwAuthenticate] == [])
            #expect(response.body.string == #"{"error":"server_error","error_description":"The API could not check the access token; its log says why."}"#)
        }
        let logged = log.messages.filter { $0.contains("introspection failed") }
        #expect(logged.count == 1, "\(log.messages)")
        #expect(logged.first?.hasPrefix("error introspection failed for token ") == true)
        #expect(logged.first?.contains("/oauth/v2/introspect") == true, "\(logged)")
    }

    @Test func withoutARelayThereIsNoRelayRoute() async throws {
        let standIn = try await standIn()
        let token = try standIn.zitadel.accessToken()
        try await withMessagesAPI(tokenGuard: standIn.tokenGuard()) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/relay", headers: .bearer(token))
            #expect(response.status == .notFound)
        }
    }
}
