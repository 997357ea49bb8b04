#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few socket calls the server makes, over raw file descriptors. Platform differences (accept4 vs accept +
/// fcntl, MSG_NOSIGNAL vs SO_NOSIGPIPE, constant types) live in Socket+Glibc.swift and Socket+Darwin.swift.
enum Socket {
    enum AcceptResult {
        /// A connection, with the peer's IP address as text when it has one (`peerAddress(_:)`).
        case accepted(Int32, peer: String?)
        case wouldBlock
        /// Out of descriptors or memory: stop accepting for a moment instead of spinning on a readable listener.
        case exhausted
        /// The peer gave up before we accepted (ECONNABORTED and the like): try the next one.
        case skipped
    }

    /// A non-blocking, close-on-exec listening socket bound to `host:port`; returns it with the bound port.
    static func listen(host: String, port: Int, backlog: Int32) throws(HTTPServerError) -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .cannotResolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        let address = "\(host):\(port)"
        let fd = socket(first.pointee.ai_family, streamType, 0)
        guard fd >= 0 else { throw .socketFailed(operation: "create a socket for", address: address, errno: errno) }
        do throws(HTTPServerError) {
            try configureListener(fd, address: address)
            var one: Int32 = 1
            // Restarting must not wait for TIME_WAIT of the previous run's connections.
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
                throw .socketFailed(operation: "bind", address: address, errno: errno)
            }
            guard systemListen(fd, backlog) == 0 else {
                throw .socketFailed(operation: "listen on", address: address, errno: errno)
            }
            return (fd, try boundPort(fd, address: address))
        } catch {
            close(fd)
            throw error
        }
    }

    private static func boundPort(_ fd: Int32, address: String) throws(HTTPServerError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { throw .socketFailed(operation: "read the bound port of", address: address, errno: errno) }
        return withUnsafePointer(to: &storage) { pointer in
            if Int32(pointer.pointee.ss_family) == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// The IP address in `storage` as text (`203.0.113.7`, `2001:db8::1`), an IPv4-mapped IPv6 address
    /// (`::ffff:203.0.113.7`, what a dual-stack listener reports for IPv4 peers) as the plain IPv4 one, so that one
    /// client always has one name. Nil for other families (a Unix socket has no address to name).
    static func peerAddress(_ storage: UnsafePointer<sockaddr_storage>) -> String? {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let written: UnsafePointer<CChar>?
        switch Int32(storage.pointee.ss_family) {
        case AF_INET:
            written = storage.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                var ip = address.pointee.sin_addr
                return inet_ntop(AF_INET, &ip, &text, socklen_t(text.count))
            }
        case AF_INET6:
            written = storage.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                var ip = address.pointee.sin6_addr
                return withUnsafeBytes(of: &ip) { bytes in
                    // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d
                    if bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                        return inet_ntop(AF_INET, bytes.baseAddress! + 12, &text, socklen_t(text.count))
                    }
                    return inet_ntop(AF_INET6, bytes.baseAddress!, &text, socklen_t(text.count))
                }
            }
        default:
            return nil
        }
        guard written != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func setNonBlocking(_ fd: Int32) -> Bool {
        let flags = fcntl(fd, F_GETFL)
        return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
    }

    /// Responses are written whole, so Nagle's algorithm would only add a delayed-ACK round trip.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        systemRead(fd, buffer.baseAddress, buffer.count)
    }

    static func shutdownWrite(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    static func close(_ fd: Int32) {
        _ = systemClose(fd)
    }

    static var lastErrorIsWouldBlock: Bool {
        errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
    }

    /// Milliseconds of a clock that never jumps (deadlines must not move with the wall clock).
    static func monotonicMilliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1000 + UInt64(time.tv_nsec) / 1_000_000
    }
}

// The free functions shadowed by Socket's own names.
@inline(__always) private func systemListen(_ fd: Int32, _ backlog: Int32) -> Int32 { listen(fd, backlog) }
@inline(__always) private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
@inline(__always) private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
