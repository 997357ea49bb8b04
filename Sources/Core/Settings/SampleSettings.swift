import Foundation

/// A sample's settings, loaded and checked before it does anything else.
///
/// Sources, strongest first: the process environment, then the env file (`--env-file PATH`, else
/// `env/<sample>.env` under the current directory, which may be missing when the environment holds everything).
/// A variable in the environment wins even when it is empty, as with `load_dotenv()`: an empty required setting is
/// reported as empty there rather than silently taken from the file; an empty optional one takes its default.
/// Names in the env file that no setting declares are ignored, as the Python samples ignore them.
/// Invariant: once loaded, every required setting has a value that is not empty and not a placeholder, every value
/// has passed its kind's check, and every value of a setting with a default is there; so the accessors cannot fail
/// on input from outside. They stop the program only when asked for a setting the sample did not declare, or for an
/// optional setting without default through a non-optional accessor: a bug in the sample, not in the settings.
public struct SampleSettings: Sendable {
    enum Value: Sendable, Equatable {
        case text(String)
        case url(URL)
        case issuer(Issuer)
        case path(String)
        case integer(Int)
    }

    public let command: SampleCommand
    /// The env file that was read, as the user named it; nil when there was none.
    public let envFile: String?
    /// The flags given, e.g. `["--call"]`.
    public let flags: Set<String>
    let values: [String: (value: Value, source: SettingSource)]

    /// Parses the command line, prints `--help` and exits 0 when asked, loads the settings, and on any problem prints
    /// one message to stderr and exits with status 2. The one call at the top of every sample's `main.swift`.
    public static func loadOrExit(
        sample: String, summary: String, settings: [Setting], flags: [Flag] = []
    ) -> SampleSettings {
        let command = SampleCommand(sample: sample, summary: summary, settings: settings, flags: flags)
        do {
            let options = try CommandLineOptions(arguments: Array(CommandLine.arguments.dropFirst()), flags: flags)
            if options.wantsHelp {
                print(command.usage(program: StandardError.programName))
                ExitCode.success.exit()
            }
            return try load(
                command, options: options, environment: ProcessInfo.processInfo.environment,
                currentDirectory: FileManager.default.currentDirectoryPath)
        } catch {
            ExitCode.exit(printing: error)
        }
    }

    /// The testable core of `loadOrExit`: no process state, no exit.
    public static func load(
        _ command: SampleCommand, options: CommandLineOptions, environment: [String: String],
        currentDirectory: String
    ) throws(SettingsError) -> SampleSettings {
        let envFilePath = options.envFile ?? command.defaultEnvFile
        let absoluteEnvFile = absolute(envFilePath, in: currentDirectory)
        var file: EnvFile?
        do {
            file = try EnvFile.load(path: absoluteEnvFile)
            file?.path = envFilePath
        } catch {
            var error = error
            error.path = envFilePath
            // Only the default file may be absent; a file the user named must be there.
            if error.reason != .notFound || options.envFile != nil { throw .envFile(error) }
        }
        let fileValues = file?.values(environment: environment) ?? [:]
        let envFileFolder = URL(fileURLWithPath: absoluteEnvFile).deletingLastPathComponent().path

        var values = [String: (value: Value, source: SettingSource)]()
        var problems = [SettingProblem]()
        for setting in command.settings {
            var found: (text: String, source: SettingSource)?
            if let text = environment[setting.name] {
                found = (text, .environment)
            } else if let text = fileValues[setting.name], let line = file?.line(of: setting.name) {
                found = (text, .envFile(path: envFilePath, line: line))
            }
            if found?.text.isEmpty ?? true {
                switch setting.requirement {
                case .required:
                    problems.append(problem(setting, found == nil ? .missing : .empty, found?.source, nil))
                    continue
                case .optional(let defaultValue?):
                    found = (defaultValue, .defaultValue)
                case .optional(nil):
                    continue
                }
            }
            guard let (text, source) = found else { continue }
            if Placeholder.appears(in: text) {
                problems.append(problem(setting, .placeholder, source, text))
                continue
            }
            let folder = if case .envFile = source { envFileFolder } else { currentDirectory }
            switch check(text, as: setting.kind, relativeTo: folder) {
            case .success(let value): values[setting.name] = (value, source)
            case .failure(let reason): problems.append(problem(setting, .invalid(reason.message), source, text))
            }
        }
        if !problems.isEmpty {
            throw .invalidSettings(
                problems, lookedIn: SettingsLocation(envFilePath: envFilePath, envFileExists: file != nil))
        }
        return SampleSettings(
            command: command, envFile: file == nil ? nil : envFilePath, flags: options.flags, values: values)
    }

    private static func problem(
        _ setting: Setting, _ kind: SettingProblem.Kind, _ source: SettingSource?, _ value: String?
    ) -> SettingProblem {
        SettingProblem(name: setting.name, kind: kind, source: source, shownValue: setting.isSecret ? nil : value,
                       meaning: setting.meaning)
    }

    private static func absolute(_ path: String, in directory: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true))
            .standardizedFileURL.path
    }

    struct Rejection: Error {
        var message: String
    }

    /// Checks one value against its kind. Messages never quote the value: a secret may be checked too.
    private static func check(_ text: String, as kind: Setting.Kind, relativeTo folder: String) -> Result<Value, Rejection> {
        switch kind {
        case .text:
            return .success(.text(text))
        case .issuer:
            do { return .success(.issuer(try Issuer(text))) } catch {
                return .failure(Rejection(message: "is not an instance URL like https://my-instance.zitadel.cloud"))
            }
        case .url:
            guard let components = URLComponents(string: text), let url = components.url,
                  let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
                  components.fragment == nil, (0...65535).contains(components.port ?? 0) else {
                return .failure(Rejection(message: "is not an http:// or https:// URL with a host"))
            }
            return .success(.url(url))
        case .integer(let minimum):
            guard let number = Int(text) else { return .failure(Rejection(message: "is not a whole number")) }
            guard number >= minimum else { return .failure(Rejection(message: "is less than \(minimum)")) }
            return .success(.integer(number))
        case .path:
            let path = absolute(text, in: folder)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                return .failure(Rejection(message: "names no file (looked for \(path))"))
            }
            return .success(.path(path))
        }
    }
}

extension SampleSettings {
    /// Whether `--call` (or another declared flag) was given.
    public func flag(_ name: String) -> Bool {
        precondition(command.flags.contains { $0.name == name }, "\(name) is not a declared flag")
        return flags.contains(name)
    }

    /// Where a setting's value came from; nil when it is not set.
    public func source(of name: String) -> SettingSource? {
        values[declared(name)]?.source
    }

    /// The value of a required setting or one with a default, as written (a path resolved, an issuer normalised).
    public func string(_ name: String) -> String {
        guard let text = string(ifSet: name) else { preconditionFailure("\(name) has no value and no default") }
        return text
    }

    /// The value of an optional setting, nil when it is not set (or set empty).
    public func string(ifSet name: String) -> String? {
        switch values[declared(name)]?.value {
        case .text(let text), .path(let text): text
        case .url(let url): url.absoluteString
        case .issuer(let issuer): issuer.string
        case .integer(let number): String(number)
        case nil: nil
        }
    }

    public func issuer(_ name: String) -> Issuer {
        guard case .issuer(let issuer) = values[declared(name)]?.value else {
            preconditionFailure("\(name) is not a set .issuer setting")
        }
        return issuer
    }

    public func url(_ name: String) -> URL {
        guard let url = url(ifSet: name) else { preconditionFailure("\(name) has no value and no default") }
        return url
    }

    public func url(ifSet name: String) -> URL? {
        switch values[declared(name)]?.value {
        case .url(let url): return url
        case nil: return nil
        default: preconditionFailure("\(name) is not a .url setting")
        }
    }

    public func integer(_ name: String) -> Int {
        guard case .integer(let number) = values[declared(name)]?.value else {
            preconditionFailure("\(name) is not a set .integer setting")
        }
        return number
    }

    /// An absolute path to an existing file.
    public func path(_ name: String) -> String {
        guard case .path(let path) = values[declared(name)]?.value else {
            preconditionFailure("\(name) is not a set .path setting")
        }
        return path
    }

    private func declared(_ name: String) -> String {
        precondition(command.settings.contains { $0.name == name }, "\(name) is not a declared setting")
        return name
    }
}
