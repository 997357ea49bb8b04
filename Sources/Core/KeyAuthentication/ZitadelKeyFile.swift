import Foundation

/// A key file downloaded from the ZITADEL console: a service user's key (`"type":"serviceaccount"`, signs the
/// JWT-bearer grant) or an API application's key (`"type":"application"`, signs `private_key_jwt` introspection).
///
/// ```json
/// {"type":"serviceaccount","keyId":"…","key":"-----BEGIN RSA PRIVATE KEY-----\n…","userId":"…","expirationDate":"…"}
/// {"type":"application","keyId":"…","key":"…","appId":"…","clientId":"…"}
/// ```
/// Unknown fields are ignored; very old application keys spell `clientID`. Loading checks the private key fully
/// (`RSAPrivateKey(pem:)`), so a file that loads can sign. It does not refuse an expired key: ZITADEL is the judge
/// of that, and `expirationDate` is there for a caller that wants to warn.
///
/// The value holds a private key: its `description` names only the kind and key id.
public struct ZitadelKeyFile: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `userId`: the JWT's `iss` and `sub` for the JWT-bearer grant.
        case serviceAccount(userID: String)
        /// `clientId`: the JWT's `iss` and `sub` for `private_key_jwt`.
        case application(clientID: String, appID: String?)
    }

    public var kind: Kind
    /// `keyId`: the JWT header's `kid`.
    public var keyID: String
    public var privateKey: RSAPrivateKey
    public var expirationDate: Date?

    /// Key files are about 2 KiB; anything past this is not one.
    public static let maxFileByteCount = 256 * 1024

    /// Reads and checks the key file at `path`. Errors name `path`.
    public static func load(path: String) throws(ZitadelKeyFileError) -> ZitadelKeyFile {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: maxFileByteCount + 1) ?? Data()
        } catch {
            throw .unreadable(file: path, reason: Self.reason(error))
        }
        guard data.count <= maxFileByteCount else { throw .tooLarge(file: path, byteCount: data.count) }
        return try ZitadelKeyFile(json: Array(data), source: path)
    }

    /// Reads a key file's JSON. `source` names the file in errors.
    public init(json: [UInt8], source: String = "(key file)") throws(ZitadelKeyFileError) {
        let file = source
        var bytes = json[...]
        // A byte order mark, as some Windows editors save it, is not JSON but harmless.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw .notJSON(file: file, error)
        }
        guard let members = value.objectValue else { throw .notAnObject(file: file) }

        // Before any other check, so the template gets the one message that helps.
        if members.values.contains(where: { $0.stringValue.map(Self.isPlaceholder) ?? false }) {
            throw .template(file: file)
        }

        func string(_ name: String) throws(ZitadelKeyFileError) -> String? {
            guard let member = members[name], !member.isNull else { return nil }
            guard let value = member.stringValue else {
                throw .invalidField(name, expected: "a string", file: file)
            }
            return value
        }
        func required(_ name: String) throws(ZitadelKeyFileError) -> String {
            guard let value = try string(name) else { throw .missingField(name, file: file) }
            guard !value.isEmpty else { throw .invalidField(name, expected: "a non-empty string", file: file) }
            return value
        }

        let type = try required("type")
        switch type {
        case "serviceaccount":
            kind = .serviceAccount(userID: try required("userId"))
        case "application":
            let clientID: String
            if let modern = try string("clientId") {
                clientID = modern
            } else if let old = try string("clientID") {
                clientID = old
            } else {
                throw .missingField("clientId", file: file)
            }
            guard !clientID.isEmpty else {
                throw .invalidField("clientId", expected: "a non-empty string", file: file)
            }
            kind = .application(clientID: clientID, appID: try string("appId"))
        default:
            throw .unknownType(type, file: file)
        }
        keyID = try required("keyId")
        if let date = try string("expirationDate") {
            guard let parsed = Self.parseDate(date) else {
                throw .invalidField(
                    "expirationDate", expected: "an RFC 3339 date such as 2030-01-01T00:00:00Z", file: file)
            }
            expirationDate = parsed
        } else {
            expirationDate = nil
        }
        let pem = try required("key")
        do {
            privateKey = try RSAPrivateKey(pem: pem)
        } catch {
            throw .invalidKey(error, file: file)
        }
    }

    /// The `iss` and `sub` of the JWTs this key signs: the service user's id or the application's client id.
    public var subject: String {
        switch kind {
        case .serviceAccount(let userID): userID
        case .application(let clientID, _): clientID
        }
    }

    /// The samples' templates say `<YOUR_KEY>`, `<YOUR KEY>`, `<YOUR_KEY_ID>`; the contract also names `YOUR_…`.
    static func isPlaceholder(_ value: String) -> Bool {
        value.range(of: "<YOUR", options: .caseInsensitive) != nil || value.hasPrefix("YOUR_")
    }

    /// RFC 3339 as Go writes it (`time.RFC3339Nano`): with or without fractional seconds.
    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    private static func reason(_ error: any Error) -> String {
        switch (error as? CocoaError)?.code {
        case .fileNoSuchFile?, .fileReadNoSuchFile?: "no such file"
        case .fileReadNoPermission?: "permission denied"
        default: "\(error)"
        }
    }
}

extension ZitadelKeyFile: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch kind {
        case .serviceAccount(let userID): "ZitadelKeyFile(service user \(userID), key \(keyID))"
        case .application(let clientID, _): "ZitadelKeyFile(application \(clientID), key \(keyID))"
        }
    }

    public var debugDescription: String { description }

    /// `dump` and debuggers show the identifiers, never the private key.
    public var customMirror: Mirror {
        Mirror(self, children: ["kind": kind, "keyID": keyID, "expirationDate": expirationDate as Any])
    }
}
