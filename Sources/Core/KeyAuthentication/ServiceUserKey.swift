import Foundation

/// A service user's key file, as ClientJWT needs it: loaded from the setting that names it, and refused — before
/// any network call — when it is not a service user's key (an API application's key file looks alike, but ZITADEL
/// does not accept it for the JWT-bearer grant: docs/zitadel.md, "Key files").
public struct ServiceUserKey: Sendable {
    /// The service user's numeric id: `iss` and `sub` of the assertion.
    public let userID: String
    public let keyFile: ZitadelKeyFile

    /// Loads the key file at `path`; errors name `setting`.
    public static func load(setting: String, path: String) throws(ServiceUserKeyError) -> ServiceUserKey {
        let keyFile: ZitadelKeyFile
        do {
            keyFile = try ZitadelKeyFile.load(path: path)
        } catch {
            throw .unusable(setting: setting, error)
        }
        switch keyFile.kind {
        case .serviceAccount(let userID):
            return ServiceUserKey(userID: userID, keyFile: keyFile)
        case .application(let clientID, _):
            throw .applicationKey(setting: setting, file: path, clientID: clientID)
        }
    }

    /// The assertion for the token endpoint of `issuer`.
    public func assertion(issuer: String) -> JWTBearerAssertion {
        JWTBearerAssertion(userID: userID, keyID: keyFile.keyID, key: keyFile.privateKey, issuer: issuer)
    }

    /// A warning for stderr when the key's `expirationDate` has passed (ZITADEL will refuse it, with a 500).
    public func expiryWarning(now: Date = Date()) -> String? {
        guard let expiry = keyFile.expirationDate, expiry <= now else { return nil }
        return "warning: the key \(keyFile.keyID) expired on \(expiry.formatted(.iso8601)); ZITADEL will refuse it. "
            + "Create a new key for the service user."
    }
}

/// Why ClientJWT cannot use its key file: a settings problem (exit status 2), found before anything was sent.
public enum ServiceUserKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    case unusable(setting: String, ZitadelKeyFileError)
    case applicationKey(setting: String, file: String, clientID: String)

    public var description: String {
        switch self {
        case .unusable(let setting, let error):
            "\(setting): \(error)"
        case .applicationKey(let setting, let file, let clientID):
            "\(setting): \(file) is an API application key (type \"application\", client id \(clientID)), not a "
                + "service user key. The JWT-bearer grant needs the key of a service user (type \"serviceaccount\": "
                + "Console → Users → Service Users → your user → Keys → New, JSON). The application key belongs to "
                + "the API (API_PRIVATE_KEY_FILE of APIJWT)."
        }
    }
}
