import Foundation
import Testing
@testable import Core

@Suite struct ServiceUserKeyTests {
    func write(_ vector: String) throws -> (folder: URL, path: String) {
        let folder = try OpenSSL.temporaryDirectory()
        let url = folder.appendingPathComponent("\(vector).json")
        try Vectors.data(vector).write(to: url)
        return (folder, url.path)
    }

    @Test func loadsAServiceUserKeyAndBuildsItsAssertion() throws {
        let (folder, path) = try write("zitadel-serviceaccount-key")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = try ServiceUserKey.load(setting: "CLIENT_PRIVATE_KEY_FILE_PATH", path: path)
        #expect(key.userID == "100000000000000002")
        let assertion = key.assertion(issuer: "https://acme.zitadel.cloud/")
        #expect(assertion.userID == "100000000000000002" && assertion.keyID == "100000000000000001")
        #expect(assertion.audience == "https://acme.zitadel.cloud")
        #expect(key.expiryWarning() == nil)
    }

    @Test func refusesAnApplicationKeyNamingTheSettingWithExitCode2() throws {
        let (folder, path) = try write("zitadel-application-key")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try ServiceUserKey.load(setting: "CLIENT_PRIVATE_KEY_FILE_PATH", path: path)
            Issue.record("expected the application key to be refused")
        } catch {
            guard case .applicationKey(let setting, let file, _) = error else { Issue.record("got \(error)"); return }
            #expect(setting == "CLIENT_PRIVATE_KEY_FILE_PATH" && file == path)
            #expect(error.description.contains("is an API application key"))
            #expect(error.description.contains("not a service user key"))
        }
    }

    @Test func anUnreadableFileNamesTheSetting() {
        do {
            _ = try ServiceUserKey.load(setting: "CLIENT_PRIVATE_KEY_FILE_PATH", path: "/nonexistent/key.json")
            Issue.record("expected a failure")
        } catch {
            #expect(error.description.hasPrefix("CLIENT_PRIVATE_KEY_FILE_PATH: cannot read the ZITADEL key file /nonexistent/key.json"))
        }
    }

    @Test func warnsOnceTheKeyHasExpired() throws {
        let (folder, path) = try write("zitadel-serviceaccount-key-with-expiration")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = try ServiceUserKey.load(setting: "K", path: path)
        let expiry = try #require(key.keyFile.expirationDate)
        #expect(key.expiryWarning(now: expiry.addingTimeInterval(-1)) == nil)
        let warning = try #require(key.expiryWarning(now: expiry))
        #expect(warning.contains("expired on 2030-01-01T00:00:00Z"))
        #expect(warning.contains("100000000000000006"))
    }
}
