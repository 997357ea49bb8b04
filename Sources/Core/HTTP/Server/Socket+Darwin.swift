#if canImport(Darwin)
import Darwin

/// macOS: no accept4 and no MSG_NOSIGNAL; accepted sockets get O_NONBLOCK, FD_CLOEXEC and SO_NOSIGPIPE (so a write
/// to a closed peer returns EPIPE instead of raising SIGPIPE) one call at a time.
extension Socket {
    static let streamType = SOCK_STREAM

    static func configureListener(_ fd: Int32, address: String) throws(HTTPServerError) {
        var one: Int32 = 1
        guard setNonBlocking(fd), fcntl(fd, F_SETFD, FD_CLOEXEC) == 0,
            setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size)) == 0
        else { throw .socketFailed(operation: "configure the socket for", address: address, errno: errno) }
    }

    static func accept(_ listener: Int32) -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Darwin.accept(listener, $0, &length) }
        }
        guard fd >= 0 else {
            switch errno {
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted
            default: return .skipped
            }
        }
        var one: Int32 = 1
        guard setNonBlocking(fd), fcntl(fd, F_SETFD, FD_CLOEXEC) == 0,
            setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size)) == 0
        else {
            _ = Darwin.close(fd)
            return .skipped
        }
        setNoDelay(fd)
        return .accepted(fd, peer: peerAddress(&storage))
    }

    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        Darwin.send(fd, bytes.baseAddress, bytes.count, 0)
    }
}
#endif
