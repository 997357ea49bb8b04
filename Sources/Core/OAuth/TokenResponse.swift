import Foundation

/// A successful answer of a token endpoint (RFC 6749 §5.1).
///
/// ZITADEL sends `access_token`, `token_type` (always `Bearer`), `expires_in` and, with the `openid` scope, an
/// `id_token`; no `scope` and no refresh token. Unknown fields are ignored. The description never shows a token.
public struct TokenResponse: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case notJSONObject
        case missingField(String)
        case invalidField(String)

        public var description: String {
            switch self {
            case .notJSONObject: "the token endpoint's answer is not a JSON object"
            case .missingField(let name): "the token endpoint's answer has no \"\(name)\""
            case .invalidField(let name): "the token endpoint's answer has an unusable \"\(name)\""
            }
        }
    }

    public var accessToken: String
    public var tokenType: String
    /// Lifetime in seconds from the moment of the answer (RFC 6749 §5.1 "RECOMMENDED", so it may be absent).
    public var expiresIn: Int?
    public var idToken: String?
    public var scope: String?

    public init(accessToken: String, tokenType: String = "Bearer", expiresIn: Int?, idToken: String? = nil,
                scope: String? = nil) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.idToken = idToken
        self.scope = scope
    }

    /// Parses a 200 body. `access_token` and `token_type` are REQUIRED (RFC 6749 §5.1); `expires_in` must be a
    /// non-negative whole number when present (a numeric string is accepted, as some servers send one).
    public init(json: [UInt8]) throws(ParseError) {
        guard let object = (try? JSONValue.parse(json))?.objectValue else { throw .notJSONObject }
        guard let token = object["access_token"] else { throw .missingField("access_token") }
        guard let accessToken = token.stringValue, !accessToken.isEmpty else { throw .invalidField("access_token") }
        guard let type = object["token_type"] else { throw .missingField("token_type") }
        guard let tokenType = type.stringValue, !tokenType.isEmpty else { throw .invalidField("token_type") }
        var expiresIn: Int?
        switch object["expires_in"] {
        case nil, .null?:
            expiresIn = nil
        case .string(let text)?:
            guard let seconds = Int(text), seconds >= 0 else { throw .invalidField("expires_in") }
            expiresIn = seconds
        case let value?:
            guard let seconds = value.intValue, seconds >= 0 else { throw .invalidField("expires_in") }
            expiresIn = seconds
        }
        self.init(accessToken: accessToken, tokenType: tokenType, expiresIn: expiresIn,
                  idToken: object["id_token"]?.stringValue, scope: object["scope"]?.stringValue)
    }

    public var description: String {
        "TokenResponse(token_type: \(tokenType), expires_in: \(expiresIn.map(String.init) ?? "absent"), "
            + "access_token: \(TokenFingerprint.of(accessToken)))"
    }

    public var debugDescription: String { description }
}
