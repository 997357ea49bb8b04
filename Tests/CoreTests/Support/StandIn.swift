import Foundation
import LocalZitadelKit
import Testing

@testable import Core

/// ZITADEL when it behaves: the real stand-in (`LocalZitadelServer`, Sources/LocalZitadelKit) in this process, on a
/// loopback port, checking every request as strictly as ZITADEL does (docs/zitadel.md) — so a test shows that a
/// client's request was right by the stand-in accepting it. Its log (one line per request: method, path, status,
/// who or why refused) is kept for the tests that need to know why it refused something.
///
/// Starting one generates three RSA keys (seconds in a debug build): the suites of this target share one
/// (`StandInSuites.standIn`).
struct StandIn: Sendable {
    let zitadel: LocalZitadelServer
    let log: LogLines

    static func start() async throws -> StandIn {
        let log = LogLines()
        let zitadel = try await LocalZitadelServer.start(log: { log.append($0) })
        return StandIn(zitadel: zitadel, log: log)
    }

    var issuer: String { zitadel.issuer }
    var tokenURL: URL { URL(string: issuer + ZitadelStandIn.Path.token) ?? URL(fileURLWithPath: "/") }
    var introspectionURL: URL { URL(string: issuer + ZitadelStandIn.Path.introspection) ?? URL(fileURLWithPath: "/") }

    /// How the API application with the client secret authenticates (APIBasic's way).
    var basicAuthentication: Core.ClientAuthentication {
        .clientSecretBasic(clientID: zitadel.basicApplication.clientID, secret: zitadel.basicApplication.clientSecret)
    }

    /// The service user's key file as ClientJWT loads it.
    var serviceUserKey: ServiceUserKey {
        get throws {
            let keyFile = try ZitadelKeyFile(json: Array(zitadel.serviceUser.keyFile.utf8))
            return ServiceUserKey(userID: zitadel.serviceUser.userID, keyFile: keyFile)
        }
    }

    /// The scope the clients ask for by default.
    var defaultScope: String { TokenScope.join(TokenScope.zitadelDefault(projectID: zitadel.projectID)) }

    /// Requests received so far by the endpoints the clients and APIs call.
    var counts: RequestCounts {
        RequestCounts(
            discovery: zitadel.requestCount(path: ZitadelStandIn.Path.discovery),
            token: zitadel.requestCount(path: ZitadelStandIn.Path.token),
            introspection: zitadel.requestCount(path: ZitadelStandIn.Path.introspection))
    }

    /// What introspection tells the API application with the client secret about `token` (the whole answer, as
    /// ZITADEL gives it: `active`, `scope`, `client_id`, `sub`, …). Counts as one introspection request.
    func introspection(of token: String) async throws -> [String: JSONValue] {
        let application = zitadel.basicApplication
        let response = try await HTTPClient(configuration: .init(connectTimeout: .seconds(30), totalTimeout: .seconds(30)))
            .send(.formPost(
                url: introspectionURL, fields: [("token", token)],
                headers: [("Authorization", ClientSecretBasic.authorizationHeader(
                    clientID: application.clientID, secret: application.clientSecret))]))
        #expect(response.status == 200, "\(response.bodyText)")
        return try #require(try JSONValue.parse(response.body).objectValue)
    }
}

/// Requests counted per endpoint; the difference of two readings is what happened in between.
struct RequestCounts: Equatable, CustomStringConvertible {
    var discovery = 0
    var token = 0
    var introspection = 0

    static func - (after: RequestCounts, before: RequestCounts) -> RequestCounts {
        RequestCounts(discovery: after.discovery - before.discovery, token: after.token - before.token,
                      introspection: after.introspection - before.introspection)
    }

    var description: String { "discovery \(discovery), token \(token), introspection \(introspection)" }
}

/// The suites that talk to the in-process stand-in (and, where it must misbehave, to `MisbehavingZitadel`) over
/// loopback, the process suites among them. Serialized: they share one stand-in, and the request counts a test reads
/// are then its own.
@Suite(.serialized) enum StandInSuites {
    static let standIn = Task { try await StandIn.start() }
}
