/// The JOSE header of a JWS (RFC 7515 §4): the registered parameters we use, typed, and the rest as JSON.
public struct JWTHeader: Sendable, Equatable {
    /// `alg` (§4.1.1), compared case-sensitively.
    public var algorithm: String
    /// `kid` (§4.1.4): which of the signer's keys; ZITADEL looks the key up by it.
    public var keyID: String?
    /// `typ` (§4.1.9), e.g. "JWT"; informational.
    public var type: String?
    /// Every other parameter, `crit` included.
    public var other: [String: JSONValue]

    public init(algorithm: String, keyID: String? = nil, type: String? = nil, other: [String: JSONValue] = [:]) {
        self.algorithm = algorithm
        self.keyID = keyID
        self.type = type
        self.other = other
    }

    init(json: JSONValue) throws(JWTError) {
        guard var members = json.objectValue else { throw .notAnObject(.header) }
        guard let algorithm = members.removeValue(forKey: "alg") else { throw .missingAlgorithm }
        guard let algorithm = algorithm.stringValue else {
            throw .invalidHeaderParameter(name: "alg", expected: "a string")
        }
        self.algorithm = algorithm
        keyID = try Self.optionalString("kid", in: &members)
        type = try Self.optionalString("typ", in: &members)
        other = members
    }

    /// The header as a JSON object; `other` cannot override the typed parameters.
    var json: JSONValue {
        var members = other
        members["alg"] = .string(algorithm)
        members["kid"] = keyID.map(JSONValue.string)
        members["typ"] = type.map(JSONValue.string)
        return .object(members)
    }

    private static func optionalString(_ name: String, in members: inout [String: JSONValue]) throws(JWTError) -> String? {
        guard let value = members.removeValue(forKey: name) else { return nil }
        guard let string = value.stringValue else { throw .invalidHeaderParameter(name: name, expected: "a string") }
        return string
    }
}
