import Foundation
import Synchronization

/// Signs the API application's client assertion for `private_key_jwt` (RFC 7523 §2.2, docs/zitadel.md, "JWT
/// assertions"): header `{"alg":"RS256","kid":keyId}`, claims `iss` = `sub` = the application's `clientId`,
/// `aud` = the issuer exactly, `iat` now, `exp` `lifetime` later.
///
/// Invariant: one assertion is reused until `renewBefore` ahead of its `exp` (ZITADEL has no replay check and
/// accepts an `iat` up to an hour old), so signing — the expensive part — happens a few times an hour, not per
/// introspection. Thread-safe: concurrent callers wait for one signature rather than each making their own.
public final class ClientAssertionIssuer: Sendable {
    public let clientID: String
    public let keyID: String
    /// The `aud`: the issuer string, no trailing slash.
    public let audience: String
    public let lifetime: Duration
    public let renewBefore: Duration
    private let key: RSAPrivateKey
    private let now: @Sendable () -> Date
    private let current = Mutex<Signed?>(nil)

    private struct Signed {
        var assertion: String
        var issuedAt: Date
        var expiresAt: Date
    }

    /// - Parameters:
    ///   - clientID: the API application's `clientId` (from its key file), used as `iss` and `sub`.
    ///   - keyID: the key file's `keyId`, sent as the header's `kid`.
    ///   - issuer: the ZITADEL issuer (`ZITADEL_DOMAIN`, normalised), used as `aud`; a trailing slash is dropped.
    ///   - lifetime: `exp` − `iat`, default 10 minutes (ZITADEL accepts up to an hour).
    ///   - renewBefore: sign a new assertion when the current one has less than this left, default 1 minute.
    public init(
        clientID: String, keyID: String, privateKey: RSAPrivateKey, issuer: String,
        lifetime: Duration = .seconds(600), renewBefore: Duration = .seconds(60),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.clientID = clientID
        self.keyID = keyID
        self.key = privateKey
        self.audience = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        self.lifetime = lifetime
        self.renewBefore = max(.zero, min(renewBefore, lifetime))
        self.now = now
    }

    /// From the API application's key file (`API_PRIVATE_KEY_FILE`). A service user's key is refused here, since
    /// ZITADEL would refuse it at every introspection.
    public convenience init(
        keyFile: ZitadelKeyFile, issuer: String, lifetime: Duration = .seconds(600),
        renewBefore: Duration = .seconds(60), now: @escaping @Sendable () -> Date = { Date() }
    ) throws(ClientAssertionError) {
        guard case .application(let clientID, _) = keyFile.kind else { throw .notAnApplicationKey }
        self.init(
            clientID: clientID, keyID: keyFile.keyID, privateKey: keyFile.privateKey, issuer: issuer,
            lifetime: lifetime, renewBefore: renewBefore, now: now)
    }

    /// A signed assertion valid for at least `renewBefore`.
    public func assertion() throws(ClientAssertionError) -> String {
        try current.withLock { (current: inout Signed?) throws(ClientAssertionError) -> String in
            let now = now()
            if let signed = current, signed.issuedAt <= now.addingTimeInterval(1),
                now.addingTimeInterval(Self.seconds(renewBefore)) < signed.expiresAt
            {
                return signed.assertion
            }
            // NumericDate is written in whole seconds; compute exp from the written iat.
            let issuedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            let expiresAt = issuedAt.addingTimeInterval(Self.seconds(lifetime))
            let claims = JWTClaims(
                issuer: clientID, subject: clientID, audience: [audience], issuedAt: issuedAt, expiresAt: expiresAt)
            let assertion: String
            do {
                assertion = try JWT.signRS256(claims: claims, keyID: keyID, key: key)
            } catch {
                throw .signingFailed(String(describing: error))
            }
            current = Signed(assertion: assertion, issuedAt: issuedAt, expiresAt: expiresAt)
            return assertion
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// Why no client assertion could be made. Never shows the key or an assertion.
public enum ClientAssertionError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAnApplicationKey
    case signingFailed(String)

    public var description: String {
        switch self {
        case .notAnApplicationKey:
            return "the key file is a service user's key (\"type\":\"serviceaccount\"); introspection needs the API "
                + "application's key file (\"type\":\"application\", with a clientId)"
        case .signingFailed(let reason):
            return "the client assertion could not be signed: \(reason)"
        }
    }
}
