import Foundation
import Testing

@testable import Core

@Suite struct ZitadelKeyFileTests {
    /// The key files of the original Python samples, byte for byte
    /// (`api-jwt/api-key-file.json`, `service-user-jwt/client-key-file.json`).
    static let originalTemplates = [
        #"{"type":"application","keyId":"<YOUR_KEY_ID>","key":"-----BEGIN RSA PRIVATE KEY-----\n<YOUR KEY>\n-----END RSA PRIVATE KEY-----\n","appId":"<YOUR_APP_ID>","clientId":"<YOUR_CLIENT_ID>"}"#
            + "\n",
        #"{"type":"serviceaccount","keyId":"<YOUR_KEY_ID>","key":"-----BEGIN RSA PRIVATE KEY-----\n<YOUR_KEY>\n-----END RSA PRIVATE KEY-----\n","userId":"<YOUR_USER_ID>"}"#
            + "\n",
    ]

    private func vector(_ name: String) throws -> [UInt8] { Array(try Vectors.data(name)) }

    /// A vector key file with some members replaced (nil removes one).
    private func variant(_ name: String, _ changes: [String: Any?]) throws -> [UInt8] {
        var object = try #require(try JSONSerialization.jsonObject(with: Vectors.data(name)) as? [String: Any])
        for (key, value) in changes { object[key] = value ?? nil }
        for (key, value) in changes where value == nil { object.removeValue(forKey: key) }
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    private func vectorPublicKey() throws -> RSAPublicKey {
        try RSAPublicKey(pem: try #require(try RSAKeyDERTests.keyCases().first).spkiPEM)
    }

    @Test func loadsAServiceUserKey() throws {
        let file = try ZitadelKeyFile(json: vector("zitadel-serviceaccount-key"))
        #expect(file.kind == .serviceAccount(userID: "100000000000000002"))
        #expect(file.keyID == "100000000000000001")
        #expect(file.subject == "100000000000000002")
        #expect(file.expirationDate == nil)
        #expect(file.privateKey.publicKey == (try vectorPublicKey()))
    }

    @Test func loadsTheExpirationDate() throws {
        let file = try ZitadelKeyFile(json: vector("zitadel-serviceaccount-key-with-expiration"))
        #expect(file.kind == .serviceAccount(userID: "100000000000000007"))
        #expect(file.expirationDate == Date(timeIntervalSince1970: 1_893_456_000))  // 2030-01-01T00:00:00Z
    }

    @Test func acceptsGoStyleFractionalAndOffsetDates() throws {
        for text in ["2030-01-01T00:00:00.123456789Z", "2030-01-01T01:00:00+01:00"] {
            let file = try ZitadelKeyFile(json: variant("zitadel-serviceaccount-key", ["expirationDate": text]))
            let seconds = try #require(file.expirationDate).timeIntervalSince1970
            #expect(abs(seconds - 1_893_456_000) < 1)
        }
    }

    @Test func loadsAnApplicationKey() throws {
        let file = try ZitadelKeyFile(json: vector("zitadel-application-key"))
        #expect(file.kind == .application(clientID: "100000000000000005@demo", appID: "100000000000000004"))
        #expect(file.keyID == "100000000000000003")
        #expect(file.subject == "100000000000000005@demo")
    }

    @Test func acceptsTheOldClientIDSpellingAndIgnoresUnknownFields() throws {
        let json = try variant(
            "zitadel-application-key", ["clientId": nil, "clientID": "old@demo", "appId": nil, "extra": [1, 2]])
        let file = try ZitadelKeyFile(json: json)
        #expect(file.kind == .application(clientID: "old@demo", appID: nil))
    }

    @Test func acceptsAPKCS8Key() throws {
        let pkcs8 = try #require(try RSAKeyDERTests.keyCases().first).pkcs8PEM
        let file = try ZitadelKeyFile(json: variant("zitadel-serviceaccount-key", ["key": pkcs8]))
        #expect(file.privateKey.publicKey == (try vectorPublicKey()))
    }

    @Test func loadsFromAPathAndNamesThePathInErrors() throws {
        let directory = try OpenSSL.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("key.json").path
        try Data(vector("zitadel-application-key")).write(to: URL(fileURLWithPath: path))
        #expect(try ZitadelKeyFile.load(path: path).keyID == "100000000000000003")

        let missing = directory.appendingPathComponent("missing.json").path
        #expect(throws: ZitadelKeyFileError.unreadable(file: missing, reason: "no such file")) {
            try ZitadelKeyFile.load(path: missing)
        }
        try Data(variant("zitadel-application-key", ["keyId": nil])).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ZitadelKeyFileError.missingField("keyId", file: path)) {
            try ZitadelKeyFile.load(path: path)
        }
        #expect(try #require(error).description.contains(path))
    }

    @Test func refusesAFileFarTooLargeWithoutReadingItAll() throws {
        let directory = try OpenSSL.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.json").path
        try Data(count: 4 * ZitadelKeyFile.maxFileByteCount).write(to: URL(fileURLWithPath: path))
        #expect(throws: ZitadelKeyFileError.tooLarge(file: path, byteCount: ZitadelKeyFile.maxFileByteCount + 1)) {
            try ZitadelKeyFile.load(path: path)
        }
    }

    @Test(arguments: originalTemplates)
    func originalTemplatesGiveTheTemplateError(template: String) throws {
        let error = #expect(throws: ZitadelKeyFileError.template(file: "client-key-file.json")) {
            try ZitadelKeyFile(json: Array(template.utf8), source: "client-key-file.json")
        }
        #expect(try #require(error).description.contains("download your key file from the ZITADEL console"))
    }

    @Test func templateKeyInAnOtherwiseFilledFileIsStillTheTemplate() throws {
        let json = try variant(
            "zitadel-serviceaccount-key",
            ["key": "-----BEGIN RSA PRIVATE KEY-----\n<YOUR_KEY>\n-----END RSA PRIVATE KEY-----\n"])
        #expect(throws: ZitadelKeyFileError.template(file: "(key file)")) { try ZitadelKeyFile(json: json) }
    }

    @Test func missingFieldsAreNamed() throws {
        for (name, field) in [
            ("zitadel-serviceaccount-key", "userId"), ("zitadel-serviceaccount-key", "keyId"),
            ("zitadel-serviceaccount-key", "key"), ("zitadel-serviceaccount-key", "type"),
            ("zitadel-application-key", "clientId"),
        ] {
            #expect(throws: ZitadelKeyFileError.missingField(field, file: "k.json")) {
                try ZitadelKeyFile(json: variant(name, [field: nil]), source: "k.json")
            }
        }
    }

    @Test func illTypedFieldsAreNamed() throws {
        #expect(throws: ZitadelKeyFileError.invalidField("keyId", expected: "a string", file: "(key file)")) {
            try ZitadelKeyFile(json: variant("zitadel-serviceaccount-key", ["keyId": 100_000_000_000_000_001]))
        }
        #expect(throws: ZitadelKeyFileError.invalidField("userId", expected: "a non-empty string", file: "(key file)"))
        {
            try ZitadelKeyFile(json: variant("zitadel-serviceaccount-key", ["userId": ""]))
        }
        #expect(
            throws: ZitadelKeyFileError.invalidField(
                "expirationDate", expected: "an RFC 3339 date such as 2030-01-01T00:00:00Z", file: "(key file)")
        ) {
            try ZitadelKeyFile(json: variant("zitadel-serviceaccount-key", ["expirationDate": "next year"]))
        }
    }

    @Test func unknownTypeIsRefusedNamingBothKnownTypes() throws {
        let error = #expect(throws: ZitadelKeyFileError.unknownType("authorized_user", file: "(key file)")) {
            try ZitadelKeyFile(json: variant("zitadel-serviceaccount-key", ["type": "authorized_user"]))
        }
        let description = try #require(error).description
        #expect(description.contains("serviceaccount") && description.contains("application"))
    }

    @Test func notJSONAndNotAnObjectAreRefused() {
        let error = #expect(throws: ZitadelKeyFileError.self) { try ZitadelKeyFile(json: Array("KEY=value".utf8)) }
        guard case .notJSON(file: "(key file)", _)? = error else {
            Issue.record("expected notJSON, got \(String(describing: error))")
            return
        }
        #expect(throws: ZitadelKeyFileError.notAnObject(file: "(key file)")) {
            try ZitadelKeyFile(json: Array("[1]".utf8))
        }
    }

    @Test func badKeysAreWrappedNamingTheFile() throws {
        let pem = try #require(try RSAKeyDERTests.keyCases().first).pkcs1PEM
        // The first ten lines of the key and the END line: whole base64 lines, the DER cut short.
        let cut = pem.split(separator: "\n").prefix(10).joined(separator: "\n") + "\n-----END RSA PRIVATE KEY-----\n"
        let error = #expect(throws: ZitadelKeyFileError.invalidKey(.truncated, file: "sa.json")) {
            try ZitadelKeyFile(json: variant("zitadel-serviceaccount-key", ["key": cut]), source: "sa.json")
        }
        #expect(try #require(error).description.contains("sa.json"))
        #expect(throws: ZitadelKeyFileError.invalidKey(.notPEM, file: "sa.json")) {
            try ZitadelKeyFile(json: variant("zitadel-serviceaccount-key", ["key": "hello"]), source: "sa.json")
        }
    }

    @Test func descriptionAndDumpNeverShowThePrivateKey() throws {
        let file = try ZitadelKeyFile(json: vector("zitadel-serviceaccount-key"))
        var dumped = ""
        dump(file, to: &dumped)
        for text in [file.description, file.debugDescription, "\(file)", dumped] {
            #expect(text.contains("100000000000000001"))
            #expect(!text.contains("prime") && !text.contains("privateExponent") && !text.contains("MIIE"))
        }
    }
}
