import Foundation

/// The exit statuses every sample shares, so scripts can tell "fix your settings" from "ZITADEL or the network
/// failed" without reading messages.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// The token endpoint, introspection, the API or the network failed.
    case remoteFailure = 1
    /// Bad command line, settings or key file: nothing was sent anywhere.
    case badSettings = 2

    /// The status an error stands for: the one it names when it conforms to `ExitStatusProviding`, else
    /// `remoteFailure`.
    public init(for error: any Error) {
        self = (error as? any ExitStatusProviding)?.exitStatus ?? .remoteFailure
    }

    public func exit() -> Never {
        #if canImport(Darwin)
        Darwin.exit(rawValue)
        #else
        Glibc.exit(rawValue)
        #endif
    }

    /// Prints `program: error` to stderr and exits with `status`, or with the status the error stands for.
    public static func exit(printing error: any Error, status: ExitStatus? = nil) -> Never {
        StandardError.write("\(StandardError.programName): \(error)")
        (status ?? ExitStatus(for: error)).exit()
    }
}

/// Errors that know which exit status they mean.
public protocol ExitStatusProviding: Error {
    var exitStatus: ExitStatus { get }
}

/// Lines for people go to stderr, so that stdout stays the sample's answer (`TOKEN=$(ClientJWT)` works).
public enum StandardError {
    public static func write(_ line: String) {
        FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
    }

    /// The running executable's name, as messages start with it.
    public static var programName: String {
        CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "sample"
    }
}
