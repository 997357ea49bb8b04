/// Why a sample cannot start: its command line, its env file, or its settings. Every case means exit status 2.
/// Messages name settings and where they were looked for; they quote a value only when it is not a secret.
public enum SettingsError: Error, Equatable, CustomStringConvertible, ExitStatusProviding {
    case unknownArgument(String)
    case missingArgumentValue(String)
    case unexpectedArgumentValue(String)
    case repeatedArgument(String)
    case envFile(EnvFileError)
    /// Every setting that is missing, empty, a placeholder or malformed, reported together so one edit fixes all.
    case invalidSettings([SettingProblem], lookedIn: SettingsLocation)

    public var exitStatus: ExitStatus { .badSettings }

    public var description: String {
        switch self {
        case .unknownArgument(let argument):
            "unknown argument \"\(argument)\" (--help lists the options)"
        case .missingArgumentValue(let option):
            "\(option) needs a value, e.g. \(option) env/my-settings.env"
        case .unexpectedArgumentValue(let option):
            "\(option) takes no value"
        case .repeatedArgument(let option):
            "\(option) is given more than once"
        case .envFile(let error):
            error.description
        case .invalidSettings(let problems, let location):
            ([problems.count == 1 ? "a setting needs fixing:" : "\(problems.count) settings need fixing:"]
                + problems.map { "  \($0)" }
                + ["Looked in \(location). Set them in the environment or in \(location.envFilePath); "
                    + "--help lists every setting."]).joined(separator: "\n")
        }
    }
}

/// Where a sample looked for its settings, for messages.
public struct SettingsLocation: Sendable, Equatable, CustomStringConvertible {
    public var envFilePath: String
    public var envFileExists: Bool

    public init(envFilePath: String, envFileExists: Bool) {
        self.envFilePath = envFilePath
        self.envFileExists = envFileExists
    }

    public var description: String {
        envFileExists
            ? "the environment, then \(envFilePath)"
            : "the environment (\(envFilePath) does not exist)"
    }
}

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
