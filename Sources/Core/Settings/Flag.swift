/// A sample-specific switch such as `--call`; present or absent, never with a value.
public struct Flag: Sendable, Equatable {
    public var name: String
    public var meaning: String

    public init(_ name: String, _ meaning: String) {
        self.name = name
        self.meaning = meaning
    }
}
