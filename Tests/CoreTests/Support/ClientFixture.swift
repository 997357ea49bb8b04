import Foundation
import LocalZitadelKit
import Testing
import TestSupport

@testable import Core

/// What a client process needs: the shared stand-in and the sample API in front of it, a scratch folder
/// with the service user's key file, and the settings each client reads — so a test reads as "run ClientJWT with
/// these changes, expect that".
struct ClientFixture {
    let standIn: StandIn
    let api: SampleAPIServer
    let folder: TemporaryDirectory
    let keyFilePath: String

    init() async throws {
        standIn = try await StandInSuites.standIn.value
        api = try await ProcessSuites.api.value
        folder = try TemporaryDirectory()
        keyFilePath = try folder.write("client-key-file.json", standIn.zitadel.serviceUser.keyFile)
    }

    var zitadel: LocalZitadelServer { standIn.zitadel }
    var issuer: String { standIn.issuer }
    var defaultScope: String { standIn.defaultScope }

    /// The settings each client needs against the stand-in, with the sample API at API_BASE_URL.
    func environment(for client: String) -> [String: String] {
        let user = zitadel.serviceUser
        return switch client {
        case "ClientJWT":
            ["ZITADEL_DOMAIN": issuer, "PROJECT_ID": zitadel.projectID, "CLIENT_PRIVATE_KEY_FILE_PATH": keyFilePath,
             "API_BASE_URL": api.baseURL]
        case "ClientCC":
            ["ZITADEL_DOMAIN": issuer, "PROJECT_ID": zitadel.projectID, "CLIENT_ID": user.username,
             "CLIENT_SECRET": user.clientSecret, "API_BASE_URL": api.baseURL]
        default:
            ["PAT": user.personalAccessToken, "API_BASE_URL": api.baseURL]
        }
    }

    /// Runs `client` in the scratch folder with its settings, changed by `changes` (a nil value removes one).
    func run(_ client: String, _ arguments: [String] = [], _ changes: [String: String?] = [:],
             timeout: Duration = .seconds(60)) async throws -> SampleProcess.Result {
        var environment = self.environment(for: client)
        for (name, value) in changes { environment[name] = value }
        return try await SampleProcess.run(client, arguments, environment: environment, in: folder.url, timeout: timeout)
    }

    /// Writes `contents` to a file in the scratch folder and returns its path.
    func write(_ name: String, _ contents: String) throws -> String {
        try folder.write(name, contents)
    }

    /// Who `token` was issued to and for which scope.
    struct Grant: Equatable, CustomStringConvertible {
        var clientID: String?
        var scope: String?
        var description: String { "client_id \(clientID ?? "-"), scope \(scope ?? "-")" }
    }

    /// What introspection says about a token a client printed: whom the stand-in issued it to and for which scope
    /// (the scopes it kept of those asked for); nil when the token is not active. One introspection request.
    func grant(of token: String?) async throws -> Grant? {
        guard let token else { return nil }
        let answer = try await standIn.introspection(of: token)
        guard answer["active"] == true else { return nil }
        return Grant(clientID: answer["client_id"]?.stringValue, scope: answer["scope"]?.stringValue)
    }

    /// The service user's grant with the default scope: what a client gets without SCOPE.
    var defaultGrant: Grant { Grant(clientID: zitadel.serviceUser.username, scope: defaultScope) }
}
