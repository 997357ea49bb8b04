#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP socket on 127.0.0.1 that listens but never answers: connections complete in the kernel's backlog and
/// then hear nothing, the shape of a hung server. Also hands out a port where nothing listens.
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() throws {
        (descriptor, port) = try Self.bind()
        guard listen(descriptor, 16) == 0 else { throw SocketFailure(step: "listen") }
    }

    deinit { close(descriptor) }

    /// A port that was free a moment ago and has no listener: connecting to it is refused.
    static func closedPort() throws -> Int {
        let (descriptor, port) = try bind()
        close(descriptor)
        return port
    }

    struct SocketFailure: Error { let step: String }

    private static func bind() throws -> (Int32, Int) {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw SocketFailure(step: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc_or_Darwin_bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { close(descriptor); throw SocketFailure(step: "bind") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { close(descriptor); throw SocketFailure(step: "getsockname") }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}

#if canImport(Glibc)
private let Glibc_or_Darwin_bind = Glibc.bind
#else
private let Glibc_or_Darwin_bind = Darwin.bind
#endif
