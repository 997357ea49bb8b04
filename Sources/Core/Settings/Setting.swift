/// One setting a sample reads, declared in its `main.swift` so that the reader sees every input at a glance and
/// `--help` can list them.
public struct Setting: Sendable, Equatable {
    /// What the value must be; checked when the settings load, before the sample does anything.
    public enum Kind: Sendable, Equatable {
        case text
        /// An `http` or `https` URL with a host (port `0` allowed: a server asks for any free port).
        case url
        /// A ZITADEL instance's URL, normalised by `Issuer`.
        case issuer
        /// A file that must exist. Relative to the env file's folder when it comes from one, else to the current
        /// directory, so `env/api-jwt.env` can say `API_PRIVATE_KEY_FILE=api-key-file.json` for the file beside it.
        case path
        /// A whole decimal number no smaller than `minimum`.
        case integer(minimum: Int)
    }

    public enum Requirement: Sendable, Equatable {
        case required
        /// `nil` default: the sample works without it (e.g. an endpoint found by discovery instead).
        case optional(default: String?)
    }

    public var name: String
    public var kind: Kind
    public var requirement: Requirement
    /// What it means, for `--help` and for the message when it is missing.
    public var meaning: String
    /// A secret's value never appears in a message, not even when it is a placeholder.
    public var isSecret: Bool

    public init(name: String, kind: Kind, requirement: Requirement, meaning: String, isSecret: Bool) {
        self.name = name
        self.kind = kind
        self.requirement = requirement
        self.meaning = meaning
        self.isSecret = isSecret
    }

    public static func required(_ name: String, _ meaning: String, secret: Bool = false) -> Setting {
        Setting(name: name, kind: .text, requirement: .required, meaning: meaning, isSecret: secret)
    }

    public static func required(_ name: String, _ kind: Kind, _ meaning: String, secret: Bool = false) -> Setting {
        Setting(name: name, kind: kind, requirement: .required, meaning: meaning, isSecret: secret)
    }

    public static func optional(
        _ name: String, default defaultValue: String? = nil, _ meaning: String, secret: Bool = false
    ) -> Setting {
        Setting(name: name, kind: .text, requirement: .optional(default: defaultValue), meaning: meaning,
                isSecret: secret)
    }

    public static func optional(
        _ name: String, _ kind: Kind, default defaultValue: String? = nil, _ meaning: String, secret: Bool = false
    ) -> Setting {
        Setting(name: name, kind: kind, requirement: .optional(default: defaultValue), meaning: meaning,
                isSecret: secret)
    }
}
