// TEMPORARY: the pinned JSONValue until the encoding branch lands in Core; deleted on merge.
public enum JSONValue: Sendable, Equatable, Codable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])
}
