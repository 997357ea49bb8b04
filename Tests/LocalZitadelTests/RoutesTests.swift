import Core
import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct RoutesTests {
        @Test func formBodyReachesTheTokenEndpoint() throws {
            let fixture = try StandInFixture()
            let user = fixture.instance.serviceUser
            let body = FormURLEncoding.encode([("grant_type", "client_credentials"), ("scope", fixture.defaultScope)])
            let request = StandInRequest(
                method: "POST", path: "/oauth/v2/token",
                authorization: ClientSecretBasic.authorizationHeader(clientID: user.username, secret: user.clientSecret),
                contentType: "application/x-www-form-urlencoded", body: Array(body.utf8))
            let reply = fixture.standIn.respond(to: request)
            #expect(reply.status == 200)
            #expect(reply.principal == "billing-worker")
        }

        @Test func bodyOfAnotherTypeIsNotReadLikeGo() throws {
            let fixture = try StandInFixture()
            let request = StandInRequest(method: "POST", path: "/oauth/v2/token", contentType: "application/json",
                                         body: Array(#"{"grant_type":"client_credentials"}"#.utf8))
            let reply = fixture.standIn.respond(to: request)
            #expect(reply.body?["error_description"] == "grant_type missing")
        }

        @Test func malformedFormIs400() throws {
            let fixture = try StandInFixture()
            let request = StandInRequest(method: "POST", path: "/oauth/v2/introspect",
                                         contentType: "application/x-www-form-urlencoded", body: Array("token=%zz".utf8))
            #expect(fixture.standIn.respond(to: request).status == 400)
        }

        @Test func unknownPathIs404AndWrongMethodIs405WithAllow() throws {
            let fixture = try StandInFixture()
            #expect(fixture.standIn.respond(to: StandInRequest(method: "GET", path: "/nope")).status == 404)
            let get = fixture.standIn.respond(to: StandInRequest(method: "GET", path: "/oauth/v2/token"))
            #expect(get.status == 405)
            #expect(get.headers["Allow"] == "POST")
            let post = fixture.standIn.respond(to: StandInRequest(method: "POST", path: "/.well-known/openid-configuration"))
            #expect(post.status == 405)
            #expect(post.headers["Allow"] == "GET, HEAD")
        }

        @Test func logLineNamesWhoButNoSecret() throws {
            let fixture = try StandInFixture()
            let user = fixture.instance.serviceUser
            let body = FormURLEncoding.encode([("grant_type", "client_credentials"), ("scope", "openid"),
                                               ("client_id", user.username), ("client_secret", user.clientSecret)])
            let request = StandInRequest(method: "POST", path: "/oauth/v2/token",
                                         contentType: "application/x-www-form-urlencoded", body: Array(body.utf8))
            let reply = fixture.standIn.respond(to: request)
            let line = ZitadelStandIn.logLine(request, reply, milliseconds: 1.25)
            #expect(line.hasPrefix("POST /oauth/v2/token 200 billing-worker 1."))
            #expect(!line.contains(user.clientSecret))
            let token = try #require(reply.body?["access_token"]?.stringValue)
            #expect(!line.contains(token))
        }

        @Test func logLineCannotBeForgedWithControlCharacters() throws {
            let request = StandInRequest(method: "POST", path: "/oauth/v2/introspect")
            let reply = Reply(status: 400, body: nil, principal: "evil\nPOST /oauth/v2/token 200 billing-worker")
            let line = ZitadelStandIn.logLine(request, reply, milliseconds: 1)
            #expect(!line.contains("\n"))
            #expect(line.contains("evil?POST"))
            let long = Reply(status: 400, body: nil, principal: String(repeating: "x", count: 500))
            #expect(ZitadelStandIn.logLine(request, long, milliseconds: 1).count < 200)
        }
    }
}
