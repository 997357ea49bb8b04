/// One setting that stops a sample.
public struct SettingProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case missing
        case empty
        case placeholder
        /// The reason, e.g. "is not a whole number"; quotes the value only for settings that are not secret.
        case invalid(String)
    }

    public var name: String
    public var kind: Kind
    /// Where the bad value came from; nil when it is missing everywhere.
    public var source: SettingSource?
    /// The value, kept only for settings that are not secret, to show in the message.
    public var shownValue: String?
    /// The setting's meaning, so the message says what to put there.
    public var meaning: String

    public init(name: String, kind: Kind, source: SettingSource?, shownValue: String?, meaning: String) {
        self.name = name
        self.kind = kind
        self.source = source
        self.shownValue = shownValue
        self.meaning = meaning
    }

    public var description: String {
        let origin = source.map { " (from \($0))" } ?? ""
        let what: String
        switch kind {
        case .missing: what = "is not set"
        case .empty: what = "is empty"
        case .placeholder: what = "is still a placeholder" + (shownValue.map { " (\"\($0)\")" } ?? "")
        case .invalid(let reason): what = reason
        }
        return "\(name)\(origin) \(what): \(meaning)"
    }
}
