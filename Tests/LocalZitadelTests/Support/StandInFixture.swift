import Core
import Foundation
@testable import LocalZitadelKit

extension TestKeys {
    struct Components {
        var n, e, d, p, q, dp, dq, qi: String

        var key: RSAPrivateKey {
            get throws {
                func bytes(_ hex: String) -> [UInt8] {
                    let digits = Array(hex.utf8)
                    return stride(from: 0, to: digits.count, by: 2).map {
                        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0
                    }
                }
                return try RSAPrivateKey(components: RSAKeyComponents(
                    modulus: bytes(n), publicExponent: bytes(e), privateExponent: bytes(d), prime1: bytes(p),
                    prime2: bytes(q), exponent1: bytes(dp), exponent2: bytes(dq), coefficient: bytes(qi)))
            }
        }
    }
}

/// A stand-in with fixed keys, a settable clock and helpers to build the requests the samples send.
struct StandInFixture {
    static let issuer = "http://127.0.0.1:8080"
    let standIn: ZitadelStandIn
    let now: Int

    init(grantsRole: Bool = true, accessTokenType: LocalZitadelOptions.AccessTokenType = .opaque,
         now: Int = 1_733_163_343) throws {
        let keys = try Self.keys.get()
        let instance = Instance(
            signingKey: keys.signing, userKey: keys.user, applicationKey: keys.application,
            grantsRole: grantsRole, accessTokenType: accessTokenType)
        let fixed = Date(timeIntervalSince1970: TimeInterval(now))
        standIn = ZitadelStandIn(instance: instance, issuer: Self.issuer, clock: InstanceClock { fixed })
        self.now = now
    }

    /// The three test keys, checked once (a key's consistency checks are bignum work, slow in a debug build).
    static let keys = Result { () throws -> (signing: RSAPrivateKey, user: RSAPrivateKey, application: RSAPrivateKey) in
        (try TestKeys.signing.key, try TestKeys.user.key, try TestKeys.application.key)
    }

    var instance: Instance { standIn.instance }
    var projectID: String { instance.project.id }
    var audienceScope: String { Scopes.audienceScope(projectID: projectID) }
    var defaultScope: String { "openid profile \(audienceScope) urn:zitadel:iam:org:projects:roles" }

    var basicSecret: String {
        if case .secret(let secret) = instance.basicApplication.credential { return secret }
        return ""
    }

    var applicationKey: Instance.MachineKey? {
        if case .key(let key) = instance.jwtApplication.credential { return key }
        return nil
    }

    /// An RS256 assertion like the samples build, with every claim overridable.
    func assertion(owner: String, key: Instance.MachineKey, audience: JSONValue? = nil, iat: Int? = nil,
                   exp: Int? = nil, subject: String? = nil, keyID: String? = nil) throws -> String {
        let claims: [String: JSONValue] = [
            "iss": .string(owner), "sub": .string(subject ?? owner), "aud": audience ?? .string(Self.issuer),
            "iat": .number(Double(iat ?? now)), "exp": .number(Double(exp ?? now + 3600)),
        ]
        return try SignedJWT.signRS256(claims: claims, keyID: keyID ?? key.keyID, key: key.privateKey)
    }

    func userAssertion(audience: JSONValue? = nil, iat: Int? = nil, exp: Int? = nil) throws -> String {
        try assertion(owner: instance.serviceUser.userID, key: instance.serviceUser.key, audience: audience,
                      iat: iat, exp: exp)
    }

    func jwtBearer(scope: String? = nil, assertion: String? = nil) throws -> Reply {
        var fields = [("grant_type", ZitadelStandIn.jwtBearerGrant), ("assertion", try assertion ?? userAssertion())]
        fields.append(("scope", scope ?? defaultScope))
        return standIn.token(authorization: nil, form: FormFields(fields))
    }

    func clientCredentials(scope: String? = nil, id: String? = nil, secret: String? = nil) -> Reply {
        let header = ClientSecretBasic.authorizationHeader(
            clientID: id ?? instance.serviceUser.username, secret: secret ?? instance.serviceUser.clientSecret)
        return standIn.token(authorization: header,
                             form: FormFields([("grant_type", "client_credentials"), ("scope", scope ?? defaultScope)]))
    }

    func accessToken(_ reply: Reply) -> String? {
        reply.body?["access_token"]?.stringValue
    }

    /// Introspection as APIBasic sends it.
    func introspectBasic(_ token: String, secret: String? = nil) -> Reply {
        let header = ClientSecretBasic.authorizationHeader(
            clientID: instance.basicApplication.clientID, secret: secret ?? basicSecret)
        return standIn.introspect(authorization: header, form: FormFields([("token", token)]))
    }

    /// Introspection as APIJWT sends it.
    func introspectJWT(_ token: String, assertion: String? = nil) throws -> Reply {
        let key = try require_(applicationKey)
        let clientAssertion = try assertion ?? self.assertion(owner: instance.jwtApplication.clientID, key: key)
        return standIn.introspect(authorization: nil, form: FormFields([
            ("client_assertion_type", ClientAuthentication.assertionType), ("client_assertion", clientAssertion),
            ("token", token),
        ]))
    }
}

struct MissingValue: Error {}

func require_<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingValue() }
    return value
}
