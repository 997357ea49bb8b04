import Foundation

/// One member of a flat JSON object as the OAuth endpoints send it, typed only as far as a client needs:
/// strings, numbers, null, and "something else" (objects, arrays, booleans) that callers treat as unusable.
enum LooseJSONField: Decodable, Equatable, Sendable {
    case string(String)
    case number(Double)
    case null
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let bool = try? container.decode(Bool.self) {
            // Checked before numbers: some decoders would read `true` as 1.
            _ = bool
            self = .other
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .other
        }
    }

    var string: String? {
        if case .string(let text) = self { text } else { nil }
    }
}
