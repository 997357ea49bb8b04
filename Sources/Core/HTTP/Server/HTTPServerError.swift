#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the server could not start. Descriptions name the address and the operating system's reason.
public enum HTTPServerError: Error, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)
    case cannotResolve(host: String, reason: String)
    case socketFailed(operation: String, address: String, errno: Int32)
    case eventLoopUnavailable(reason: String)
    case alreadyStarted

    public var description: String {
        switch self {
        case .invalidConfiguration(let reason): "invalid HTTP server configuration: \(reason)"
        case .cannotResolve(let host, let reason): "cannot resolve the listen address '\(host)': \(reason)"
        case .socketFailed(let operation, let address, let code):
            "cannot \(operation) \(address): \(String(cString: strerror(code)))"
                + (code == EADDRINUSE ? " (is another server using that port? use port 0 for a free one)" : "")
                + (code == EACCES ? " (ports below 1024 need privileges)" : "")
        case .eventLoopUnavailable(let reason): "cannot start the HTTP event loop: \(reason)"
        case .alreadyStarted: "the HTTP server was already started; create a new HTTPServer instead"
        }
    }
}
