import Core
import Foundation

/// The running stand-in: the instance, the tokens it issued, its clock and its issuer. Each endpoint is an
/// extension in its own file and a pure function of the request's authorization header and form (or bearer
/// token), so tests can drive it without a socket.
///
/// The issuer is `http://HOST:PORT` with no path and no trailing slash (docs/zitadel.md, "Issuer and endpoints"); every endpoint is
/// issuer + path.
public final class ZitadelStandIn: Sendable {
    public let instance: Instance
    public let issuer: String
    public let clock: InstanceClock
    public let tokens: TokenStore

    public init(instance: Instance, issuer: String, clock: InstanceClock = InstanceClock(),
                tokens: TokenStore = TokenStore()) {
        self.instance = instance
        self.issuer = issuer
        self.clock = clock
        self.tokens = tokens
        let user = instance.serviceUser
        // The PAT is created with the service user; it carries ZITADEL's own API audience so it can also call the
        // management API, as a PAT can.
        tokens.insert(
            token: user.personalAccessToken,
            record: IssuedToken(
                kind: .personalAccessToken, format: .opaque, id: RandomText.numericID(), subject: user.userID,
                username: user.username, displayName: user.displayName, audience: [instance.zitadelProjectID],
                scopes: Scopes(kept: ["openid", "profile", Scopes.audienceScope(projectID: Scopes.zitadelAPIKeyword)]),
                issuedAt: clock.nowSeconds(), expiresAt: nil))
    }

    public enum Path {
        public static let discovery = "/.well-known/openid-configuration"
        public static let keys = "/oauth/v2/keys"
        public static let token = "/oauth/v2/token"
        public static let introspection = "/oauth/v2/introspect"
        public static let revocation = "/oauth/v2/revoke"
        public static let organization = "/management/v1/orgs/me"
    }

    /// The registered key `keyID` of the service user `owner`: the only keys the JWT-bearer grant accepts (an API
    /// application's key is not accepted there).
    func serviceUserKey(owner: String, keyID: String) -> Instance.MachineKey? {
        let user = instance.serviceUser
        return owner == user.userID && keyID == user.key.keyID ? user.key : nil
    }

    /// The registered key `keyID` of the API application whose client id is `owner` (private_key_jwt).
    func applicationKey(owner: String, keyID: String) -> Instance.MachineKey? {
        guard let application = instance.application(clientID: owner),
              case .key(let key) = application.credential, key.keyID == keyID
        else { return nil }
        return key
    }

    /// Compares secrets without an early exit on the first differing byte, through their SHA-256 digests (equal
    /// length whatever the input), so the time taken says nothing about how much of a guess was right.
    static func secretsMatch(_ given: String, _ expected: String) -> Bool {
        let left = SHA256.hash(given)
        let right = SHA256.hash(expected)
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
