/// What a sample is, as its `main.swift` declares it: its env file's name, one sentence about what it does, the
/// settings it reads and its flags. Everything `--help` prints comes from here.
public struct SampleCommand: Sendable, Equatable {
    /// The env file's base name: `env/<sample>.env`, e.g. `api-basic`.
    public var sample: String
    public var summary: String
    public var settings: [Setting]
    public var flags: [Flag]

    public init(sample: String, summary: String, settings: [Setting], flags: [Flag] = []) {
        self.sample = sample
        self.summary = summary
        self.settings = settings
        self.flags = flags
    }

    public var defaultEnvFile: String { "env/\(sample).env" }

    /// The `--help` text.
    public func usage(program: String) -> String {
        let flagSynopsis = flags.map { " [\($0.name)]" }.joined()
        var lines = [
            "\(program): \(summary)",
            "",
            "Usage: \(program) [--env-file PATH]\(flagSynopsis) [-h|--help]",
            "",
            "Settings come from the environment first, then from the env file (\(defaultEnvFile) unless --env-file",
            "is given). A relative file path in an env file is relative to that file's folder.",
            "",
        ]
        for setting in settings {
            var traits = [String]()
            switch setting.requirement {
            case .required: traits.append("required")
            case .optional(let defaultValue?): traits.append("optional, default \(defaultValue)")
            case .optional(nil): traits.append("optional")
            }
            if setting.isSecret { traits.append("secret") }
            lines.append("  \(setting.name) (\(traits.joined(separator: ", ")))")
            lines.append("      \(setting.meaning)")
        }
        lines.append("")
        lines.append("Options:")
        let options = [("--env-file PATH", "read settings from PATH instead of \(defaultEnvFile)")]
            + flags.map { ($0.name, $0.meaning) } + [("-h, --help", "print this help and exit")]
        let width = options.map(\.0.count).max() ?? 0
        for (name, meaning) in options {
            lines.append("  " + name + String(repeating: " ", count: width - name.count + 2) + meaning)
        }
        lines.append("")
        lines.append("Exit status: 0 success; 1 ZITADEL, the API or the network failed; 2 bad arguments or settings.")
        return lines.joined(separator: "\n")
    }
}
