/// A sample's command line: `--env-file PATH` (or `--env-file=PATH`), `-h`/`--help`, and the sample's own flags.
/// Anything else is an error, so a mistyped `--cal` stops the sample instead of being ignored.
public struct CommandLineOptions: Sendable, Equatable {
    public var envFile: String?
    public var wantsHelp: Bool
    /// The names of the flags given, e.g. `["--call"]`.
    public var flags: Set<String>

    /// `arguments` without the program name.
    public init(arguments: [String], flags known: [Flag]) throws(SettingsError) {
        var envFile: String?
        var wantsHelp = false
        var flags = Set<String>()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "-h" || argument == "--help" {
                wantsHelp = true
            } else if argument == "--env-file" || argument.hasPrefix("--env-file=") {
                let path: String
                if argument == "--env-file" {
                    guard let next = remaining.popFirst(), !next.isEmpty, !next.hasPrefix("--") else {
                        throw .missingArgumentValue("--env-file")
                    }
                    path = next
                } else {
                    path = String(argument.dropFirst("--env-file=".count))
                    if path.isEmpty { throw .missingArgumentValue("--env-file") }
                }
                if envFile != nil { throw .repeatedArgument("--env-file") }
                envFile = path
            } else if known.contains(where: { $0.name == argument }) {
                flags.insert(argument)
            } else if let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init),
                      argument.contains("="), known.contains(where: { $0.name == name }) {
                throw .unexpectedArgumentValue(name)
            } else {
                throw .unknownArgument(argument)
            }
        }
        self.envFile = envFile
        self.wantsHelp = wantsHelp
        self.flags = flags
    }
}
