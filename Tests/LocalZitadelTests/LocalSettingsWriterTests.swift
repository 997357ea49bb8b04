import Core
import Foundation
import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct LocalSettingsWriterTests {
        /// A fresh `…/env/local` path whose root the caller removes.
        func temporaryDirectory() -> (root: String, directory: String) {
            let root = NSTemporaryDirectory() + "localzitadel-\(UUID().uuidString)"
            return (root, root + "/env/local")
        }

        func remove(_ root: String) {
            try? FileManager.default.removeItem(atPath: root)
        }

        /// The file as the samples read it, with Core's python-dotenv parser.
        func settings(_ path: String) throws -> [String: String] {
            let file = try EnvFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
            var result: [String: String] = [:]
            for entry in file.entries { result[entry.key] = entry.value }
            return result
        }

        @Test func writesAllSevenFilesPrivately() throws {
            let fixture = try StandInFixture()
            let (root, directory) = temporaryDirectory()
            defer { remove(root) }
            let paths = try LocalSettingsWriter(directory: directory).write(for: fixture.standIn)
            let names = paths.map { ($0 as NSString).lastPathComponent }.sorted()
            #expect(names == ["api-basic.env", "api-jwt.env", "api-key-file.json", "client-cc.env", "client-jwt.env",
                              "client-key-file.json", "client-pat.env"])
            for path in paths {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(path)")
            }
        }

        @Test func envFilesNameTheInstanceAndItsCredentials() throws {
            let fixture = try StandInFixture()
            let (root, directory) = temporaryDirectory()
            defer { remove(root) }
            try LocalSettingsWriter(directory: directory).write(for: fixture.standIn)
            let instance = fixture.instance
            let basic = try settings(directory + "/api-basic.env")
            #expect(basic["ZITADEL_DOMAIN"] == StandInFixture.issuer)
            #expect(basic["API_CLIENT_ID"] == instance.basicApplication.clientID)
            #expect(basic["API_CLIENT_SECRET"] == fixture.basicSecret)
            #expect(try settings(directory + "/api-jwt.env")["API_PRIVATE_KEY_FILE"] == "api-key-file.json")
            let jwt = try settings(directory + "/client-jwt.env")
            #expect(jwt["PROJECT_ID"] == instance.project.id)
            #expect(jwt["CLIENT_PRIVATE_KEY_FILE_PATH"] == "client-key-file.json")
            let cc = try settings(directory + "/client-cc.env")
            #expect(cc["CLIENT_ID"] == "billing-worker")
            #expect(cc["CLIENT_SECRET"] == instance.serviceUser.clientSecret)
            #expect(try settings(directory + "/client-pat.env")["PAT"] == instance.serviceUser.personalAccessToken)
        }

        @Test func keyFilesHaveZitadelsFieldsAndLoadableKeys() throws {
            let fixture = try StandInFixture()
            let (root, directory) = temporaryDirectory()
            defer { remove(root) }
            try LocalSettingsWriter(directory: directory).write(for: fixture.standIn)
            let userFile = try String(contentsOfFile: directory + "/client-key-file.json", encoding: .utf8)
            #expect(userFile.hasPrefix(#"{"type":"serviceaccount","keyId":""#))
            let user = try JSONValue.parse(userFile)
            #expect(user["userId"] == .string(fixture.instance.serviceUser.userID))
            #expect(user["keyId"] == .string(fixture.instance.serviceUser.key.keyID))
            let userKey = try RSAPrivateKey(pem: try #require(user["key"]?.stringValue))
            #expect(userKey.publicKey == fixture.instance.serviceUser.key.publicKey)

            let appFile = try String(contentsOfFile: directory + "/api-key-file.json", encoding: .utf8)
            #expect(appFile.hasPrefix(#"{"type":"application","keyId":""#))
            let app = try JSONValue.parse(appFile)
            #expect(app["clientId"] == .string(fixture.instance.jwtApplication.clientID))
            #expect(app["appId"] == .string(fixture.instance.jwtApplication.appID))
            #expect(try #require(app["key"]?.stringValue).hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        }

        @Test func keyFilesLoadWithZitadelKeyFile() throws {
            let fixture = try StandInFixture()
            let (root, directory) = temporaryDirectory()
            defer { remove(root) }
            try LocalSettingsWriter(directory: directory).write(for: fixture.standIn)
            let user = try ZitadelKeyFile.load(path: directory + "/client-key-file.json")
            #expect(user.kind == .serviceAccount(userID: fixture.instance.serviceUser.userID))
            #expect(user.keyID == fixture.instance.serviceUser.key.keyID)
            #expect(user.privateKey.publicKey == fixture.instance.serviceUser.key.publicKey)
            let app = try ZitadelKeyFile.load(path: directory + "/api-key-file.json")
            #expect(app.kind == .application(clientID: fixture.instance.jwtApplication.clientID,
                                             appID: fixture.instance.jwtApplication.appID))
            #expect(app.keyID == fixture.applicationKey?.keyID)
        }

        @Test func rewritesItsOwnFolderButNeverAForeignOne() throws {
            let fixture = try StandInFixture()
            let (root, directory) = temporaryDirectory()
            defer { remove(root) }
            let writer = LocalSettingsWriter(directory: directory)
            try writer.write(for: fixture.standIn)
            try writer.write(for: fixture.standIn)

            let templatesRoot = NSTemporaryDirectory() + "localzitadel-\(UUID().uuidString)"
            defer { remove(templatesRoot) }
            let templates = templatesRoot + "/env"
            try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
            try "ZITADEL_DOMAIN=<YOUR_ZITADEL_DOMAIN>\n".write(toFile: templates + "/client-cc.env", atomically: true,
                                                              encoding: .utf8)
            #expect(throws: SettingsWriteError.foreignDirectory(templates)) {
                try LocalSettingsWriter(directory: templates).write(for: fixture.standIn)
            }
            #expect(try String(contentsOfFile: templates + "/client-cc.env", encoding: .utf8).contains("<YOUR_"))
        }
    }
}
