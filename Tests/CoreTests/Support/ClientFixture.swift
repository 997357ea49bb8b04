import Foundation
import Testing
@testable import Core

/// A scratch folder with the service user's key file, a `FakeZitadelForClients` playing the instance and the API, and the
/// settings each client needs to talk to it — so a test reads as "run ClientJWT with these changes, expect that".
struct ClientFixture {
    let fake: FakeZitadelForClients
    let issuer: String
    let folder: URL
    let keyFilePath: String
    let keyFileJSON: [String: Any]

    /// Runs `body` with a started fixture and always stops the server and removes the folder afterwards.
    static func with<T>(_ body: (ClientFixture) async throws -> T) async throws -> T {
        let keyFile = try Vectors.json("zitadel-serviceaccount-key")
        let key = try RSAPrivateKey(pem: try #require(keyFile["key"] as? String))
        let fake = FakeZitadelForClients(user: .init(userID: try #require(keyFile["userId"] as? String),
                                           keyID: try #require(keyFile["keyId"] as? String), publicKey: key.publicKey))
        let issuer = try fake.start()
        let folder = try OpenSSL.temporaryDirectory()
        let keyFilePath = folder.appendingPathComponent("client-key-file.json").path
        try Vectors.data("zitadel-serviceaccount-key").write(to: URL(fileURLWithPath: keyFilePath))
        let fixture = ClientFixture(fake: fake, issuer: issuer, folder: folder, keyFilePath: keyFilePath,
                                    keyFileJSON: keyFile)
        do {
            let result = try await body(fixture)
            await fixture.tearDown()
            return result
        } catch {
            await fixture.tearDown()
            throw error
        }
    }

    private func tearDown() async {
        await fake.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The settings each client needs against this fixture (the fake is also the API at API_BASE_URL).
    func environment(for client: String) -> [String: String] {
        switch client {
        case "ClientJWT":
            ["ZITADEL_DOMAIN": issuer, "PROJECT_ID": fake.projectID, "CLIENT_PRIVATE_KEY_FILE_PATH": keyFilePath,
             "API_BASE_URL": issuer]
        case "ClientCC":
            ["ZITADEL_DOMAIN": issuer, "PROJECT_ID": fake.projectID, "CLIENT_ID": fake.serviceUser.username,
             "CLIENT_SECRET": fake.serviceUser.secret, "API_BASE_URL": issuer]
        default:
            ["PAT": fake.serviceUser.pat, "API_BASE_URL": issuer]
        }
    }

    /// Runs `client` with its settings, changed by `changes` (a nil value removes the setting).
    func run(_ client: String, _ arguments: [String] = [], _ changes: [String: String?] = [:],
             timeout: Duration = .seconds(60)) async throws -> ClientProcess.Result {
        var environment = self.environment(for: client)
        for (name, value) in changes { environment[name] = value }
        return try await ClientProcess.run(client, arguments, environment: environment, in: folder, timeout: timeout)
    }

    /// Writes `contents` to a file in the scratch folder and returns its path.
    func write(_ name: String, _ contents: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    var defaultScope: String {
        "openid profile urn:zitadel:iam:org:project:id:\(fake.projectID):aud urn:zitadel:iam:org:projects:roles"
    }
}
