import Foundation

/// The exit statuses every sample shares (named `ExitCode`, as Swift Testing already has an `ExitStatus`), so scripts can tell "fix your settings" from "ZITADEL or the network
/// failed" without reading messages.
public enum ExitCode: Int32, Sendable {
    case success = 0
    /// The token endpoint, introspection, the API or the network failed.
    case remoteFailure = 1
    /// Bad command line, settings or key file: nothing was sent anywhere.
    case badSettings = 2

    /// The status an error stands for: the one it names when it conforms to `ExitCodeProviding`, else
    /// `remoteFailure`.
    public init(for error: any Error) {
        self = (error as? any ExitCodeProviding)?.exitCode ?? .remoteFailure
    }

    public func exit() -> Never {
        #if canImport(Darwin)
        Darwin.exit(rawValue)
        #else
        Glibc.exit(rawValue)
        #endif
    }

    /// Prints `program: error` to stderr and exits with `code`, or with the code the error stands for. Used by every
    /// sample: `catch { ExitCode.exit(printing: error) }`.
    public static func exit(printing error: any Error, code: ExitCode? = nil) -> Never {
        StandardError.write("\(StandardError.programName): \(error)")
        (code ?? ExitCode(for: error)).exit()
    }
}

/// Errors that know which exit status they mean.
public protocol ExitCodeProviding: Error {
    var exitCode: ExitCode { get }
}
