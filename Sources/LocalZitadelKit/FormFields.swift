import Core

/// The fields of a request's form body, as the endpoints read them.
///
/// A name may repeat; `subscript` answers the first value, as Go's `url.Values.Get` does in ZITADEL, so the
/// stand-in and ZITADEL agree on which value counts.
public struct FormFields: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var fields: [Field]

    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    /// Parses an `application/x-www-form-urlencoded` body with Core's strict decoder.
    public init(body: [UInt8]) throws(FormURLEncoding.DecodingError) {
        guard let text = String(validating: body, as: UTF8.self) else { throw .notUTF8 }
        self.init(try FormURLEncoding.decode(text))
    }

    /// The first value for `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Go's `url.QueryUnescape` for one component (`%XX`, `+` for space), used on the halves of a Basic credential.
    /// Core's form decoder reads whole bodies, so `&` and `=` — literal in a single component — are escaped first.
    static func unescapeComponent(_ component: some StringProtocol) throws(FormURLEncoding.DecodingError) -> String {
        var escaped = ""
        for character in component {
            switch character {
            case "&": escaped += "%26"
            case "=": escaped += "%3D"
            default: escaped.append(character)
            }
        }
        return try FormURLEncoding.decode(escaped).first?.0 ?? ""
    }
}
