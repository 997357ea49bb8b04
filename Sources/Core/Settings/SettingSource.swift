/// Where a setting's value came from, for messages and for resolving relative paths.
public enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    case environment
    case envFile(path: String, line: Int)
    case defaultValue

    public var description: String {
        switch self {
        case .environment: "the environment"
        case .envFile(let path, let line): "\(path):\(line)"
        case .defaultValue: "the default"
        }
    }
}
