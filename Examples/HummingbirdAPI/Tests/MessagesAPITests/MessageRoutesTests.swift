import Core
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LocalZitadelKit
import MessagesAPI
import Testing

/// The three sample routes through the whole app (router, middleware, handlers) with tokens the stand-in issued and
/// introspects: the statuses, headers and bodies a client sees.
@Suite struct MessageRoutesTests {
    @Test func thePublicRouteAnswersAnyone() async throws {
        let zitadel = try await StandIn.zitadel()
        try await StandIn.app(zitadel).test(.router) { client in
            let response = try await client.get("/api/public")
            #expect(response.status == .ok)
            #expect(response.text == Expected.publicBody)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.headers[.cacheControl] == nil)
        }
    }

    @Test func everyRouteAnswersATokenWithTheRole() async throws {
        let zitadel = try await StandIn.zitadel()
        let token = try zitadel.accessToken()
        try await StandIn.app(zitadel).test(.router) { client in
            for (path, body) in [
                ("/api/public", Expected.publicBody), ("/api/private", Expected.privateBody),
                ("/api/private-scoped", Expected.scopedBody),
            ] {
                let response = try await client.get(path, token: token)
                #expect(response.status == .ok, "\(path)")
                #expect(response.text == body, "\(path)")
                #expect(response.headers[.contentType] == "application/json", "\(path)")
            }
        }
    }

    @Test func aJWTAccessTokenIsIntrospectedTheSameWay() async throws {
        let zitadel = try await StandIn.zitadel()
        let token = try zitadel.accessToken(format: .jwt)
        try await StandIn.app(zitadel).test(.router) { client in
            let response = try await client.get("/api/private-scoped", token: token)
            #expect(response.status == .ok)
            #expect(response.text == Expected.scopedBody)
        }
    }

    @Test(arguments: ["/api/private", "/api/private-scoped"])
    func noTokenIs401WithABareChallenge(path: String) async throws {
        let zitadel = try await StandIn.zitadel()
        try await StandIn.app(zitadel).test(.router) { client in
            let response = try await client.get(path)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="api""#)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(
                response.text
                    == #"{"error":"missing_authorization","error_description":"This route needs an access token: send Authorization: Bearer <token>."}"#
            )
        }
    }

    @Test func anUnknownTokenIs401InvalidToken() async throws {
        let zitadel = try await StandIn.zitadel()
        try await StandIn.app(zitadel).test(.router) { client in
            let response = try await client.get("/api/private", token: "not-a-token-of-this-instance")
            #expect(response.status == .unauthorized)
            #expect(
                response.headers[.wwwAuthenticate]
                    == #"Bearer realm="api", error="invalid_token", error_description="The access token is inactive, unknown, revoked or expired.""#
            )
            #expect(
                response.text
                    == #"{"error":"invalid_token","error_description":"The access token is inactive, unknown, revoked or expired."}"#
            )
        }
    }

    @Test func aTokenWithoutTheRoleIs403OnTheScopedRouteAnd200OnThePrivateOne() async throws {
        let zitadel = try await StandIn.zitadel()
        let token = try zitadel.accessToken(withRole: false)
        try await StandIn.app(zitadel).test(.router) { client in
            let scoped = try await client.get("/api/private-scoped", token: token)
            #expect(scoped.status == .forbidden)
            #expect(
                scoped.headers[.wwwAuthenticate]
                    == #"Bearer realm="api", error="insufficient_scope", error_description="The access token lacks the role read:messages.""#
            )
            #expect(
                scoped.text
                    == #"{"error":"insufficient_scope","error_description":"The access token lacks the role read:messages."}"#
            )
            let `private` = try await client.get("/api/private", token: token)
            #expect(`private`.status == .ok)
            #expect(`private`.text == Expected.privateBody)
        }
    }

    /// The middleware hands the guard every `Authorization` header, so two of them are refused as ambiguous
    /// (RFC 6750 §3.1) rather than one being picked.
    @Test func twoAuthorizationHeadersAre400() async throws {
        let zitadel = try await StandIn.zitadel()
        let token = try zitadel.accessToken()
        try await StandIn.app(zitadel).test(.router) { client in
            var headers = HTTPFields()
            headers.append(HTTPField(name: .authorization, value: "Bearer \(token)"))
            headers.append(HTTPField(name: .authorization, value: "Bearer \(token)"))
            let response = try await client.execute(uri: "/api/private", method: .get, headers: headers)
            #expect(response.status == .badRequest)
            #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_request""#) == true)
        }
    }

    @Test func anUnknownPathIs404AndTheRelayIsNotServedWithoutAnUpstream() async throws {
        let zitadel = try await StandIn.zitadel()
        let token = try zitadel.accessToken()
        try await StandIn.app(zitadel).test(.router) { client in
            let unknown = try await client.get("/api/nothing")
            #expect(unknown.status == .notFound)
            let relay = try await client.get("/api/relay", token: token)
            #expect(relay.status == .notFound)
        }
    }
}
