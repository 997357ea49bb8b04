import Foundation

/// The claims of a JWT (RFC 7519 §4.1): the registered ones the samples use, typed, and the rest as JSON.
///
/// Dates are NumericDate (§2): seconds since 1970 UTC. They are written as whole seconds (rounded down), because
/// ZITADEL's verifier (zitadel/oidc) reads them as integers; fractional values are accepted when reading.
public struct JWTClaims: Sendable, Equatable {
    /// How `aud` is written: RFC 7519 §4.1.3 allows a single string or an array.
    public enum AudienceForm: Sendable, Equatable {
        /// One audience as a plain string; more than one is always an array. An empty audience is left out.
        case string
        /// Always an array, even of one (or none).
        case array
    }

    /// `iss`.
    public var issuer: String?
    /// `sub`.
    public var subject: String?
    /// `aud`, empty when absent.
    public var audience: [String]
    /// The form `aud` had when read, kept so that re-encoding gives the same claims.
    public var audienceForm: AudienceForm
    /// `iat`.
    public var issuedAt: Date?
    /// `exp`.
    public var expiresAt: Date?
    /// Every other claim (`nbf`, `jti`, private claims...). Entries named like a typed claim are ignored when writing.
    public var other: [String: JSONValue]

    public init(
        issuer: String? = nil, subject: String? = nil, audience: [String] = [], audienceForm: AudienceForm = .string,
        issuedAt: Date? = nil, expiresAt: Date? = nil, other: [String: JSONValue] = [:]
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.audienceForm = audienceForm
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.other = other
    }

    static let registeredNames: Set<String> = ["iss", "sub", "aud", "iat", "exp"]

    /// Reads claims from a JSON object, refusing a typed claim of the wrong JSON type.
    public init(json: JSONValue) throws(JWTError) {
        guard var members = json.objectValue else { throw .notAnObject(.payload) }
        issuer = try Self.optionalString("iss", in: &members)
        subject = try Self.optionalString("sub", in: &members)
        switch members.removeValue(forKey: "aud") {
        case nil:
            audience = []
            audienceForm = .string
        case .string(let single)?:
            audience = [single]
            audienceForm = .string
        case .array(let elements)?:
            var strings = [String]()
            for element in elements {
                guard let string = element.stringValue else {
                    throw .invalidClaim(name: "aud", expected: "a string or an array of strings")
                }
                strings.append(string)
            }
            audience = strings
            audienceForm = .array
        default:
            throw .invalidClaim(name: "aud", expected: "a string or an array of strings")
        }
        issuedAt = try Self.optionalDate("iat", in: &members)
        expiresAt = try Self.optionalDate("exp", in: &members)
        other = members
    }

    /// The claims as a JSON object.
    public var json: JSONValue {
        var members = other.filter { !Self.registeredNames.contains($0.key) }
        members["iss"] = issuer.map(JSONValue.string)
        members["sub"] = subject.map(JSONValue.string)
        switch (audienceForm, audience.count) {
        case (.string, 0): break
        case (.string, 1): members["aud"] = .string(audience[0])
        default: members["aud"] = .array(audience.map(JSONValue.string))
        }
        members["iat"] = issuedAt.map(Self.numericDate)
        members["exp"] = expiresAt.map(Self.numericDate)
        return .object(members)
    }

    private static func numericDate(_ date: Date) -> JSONValue {
        .number(date.timeIntervalSince1970.rounded(.down))
    }

    private static func optionalString(_ name: String, in members: inout [String: JSONValue]) throws(JWTError) -> String? {
        guard let value = members.removeValue(forKey: name) else { return nil }
        guard let string = value.stringValue else { throw .invalidClaim(name: name, expected: "a string") }
        return string
    }

    private static func optionalDate(_ name: String, in members: inout [String: JSONValue]) throws(JWTError) -> Date? {
        guard let value = members.removeValue(forKey: name) else { return nil }
        guard let seconds = value.doubleValue else {
            throw .invalidClaim(name: name, expected: "a number (seconds since 1970)")
        }
        return Date(timeIntervalSince1970: seconds)
    }
}
