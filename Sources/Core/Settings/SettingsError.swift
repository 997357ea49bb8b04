/// Why a sample cannot start: its command line, its env file, or its settings. Every case means exit status 2.
/// Messages name settings and where they were looked for; they quote a value only when it is not a secret.
public enum SettingsError: Error, Equatable, CustomStringConvertible, ExitCodeProviding {
    case unknownArgument(String)
    case missingArgumentValue(String)
    case unexpectedArgumentValue(String)
    case repeatedArgument(String)
    case envFile(EnvFileError)
    /// Every setting that is missing, empty, a placeholder or malformed, reported together so one edit fixes all.
    case invalidSettings([SettingProblem], lookedIn: SettingsLocation)

    public var exitCode: ExitCode { .badSettings }

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
            // Only a file named by --env-file may be missing here: a missing default file is no error.
            error.reason == .notFound ? "\(error) (named by --env-file)" : error.description
        case .invalidSettings(let problems, let location):
            ([problems.count == 1 ? "a setting needs fixing:" : "\(problems.count) settings need fixing:"]
                + problems.map { "  \($0)" }
                + ["Looked in \(location). Set \(problems.count == 1 ? "it" : "them") in the environment or in "
                    + "\(location.envFilePath); --help lists every setting."]).joined(separator: "\n")
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
