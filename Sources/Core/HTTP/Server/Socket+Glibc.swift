#if canImport(Glibc)
import Glibc

/// Linux: accept4 sets non-blocking and close-on-exec in one call; MSG_NOSIGNAL keeps a write to a closed peer
/// from raising SIGPIPE. Swift's Glibc module leaves out accept4, epoll and eventfd (GNU/Linux-only headers), so
/// they are looked up once with dlsym and called through C function pointers (correct C calling convention).
extension Socket {
    static let streamType = Int32(SOCK_STREAM.rawValue)

    static func configureListener(_ fd: Int32, address: String) throws(HTTPServerError) {
        guard setNonBlocking(fd), fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 else {
            throw .socketFailed(operation: "configure the socket for", address: address, errno: errno)
        }
    }

    static func accept(_ listener: Int32) -> AcceptResult {
        guard let accept4 = LinuxC.accept4 else { return .exhausted }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        if fd >= 0 {
            setNoDelay(fd)
            return .accepted(fd, peer: peerAddress(&storage))
        }
        switch errno {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted
        default: return .skipped
        }
    }

    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
    }
}

/// C entry points missing from Swift's Glibc module, resolved once.
enum LinuxC {
    typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32
    typealias EpollCreate1 = @convention(c) (Int32) -> Int32
    typealias EpollCtl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFD = @convention(c) (UInt32, Int32) -> Int32

    static let accept4: Accept4? = symbol("accept4")
    static let epollCreate1: EpollCreate1? = symbol("epoll_create1")
    static let epollCtl: EpollCtl? = symbol("epoll_ctl")
    static let epollWait: EpollWait? = symbol("epoll_wait")
    static let eventfd: EventFD? = symbol("eventfd")

    private static func symbol<Function>(_ name: String) -> Function? {
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: Function.self)
    }

    // <sys/epoll.h> and <sys/eventfd.h> constants (identical on every Linux architecture).
    static let EPOLLIN: UInt32 = 0x001
    static let EPOLLOUT: UInt32 = 0x004
    static let EPOLLERR: UInt32 = 0x008
    static let EPOLLHUP: UInt32 = 0x010
    static let EPOLLRDHUP: UInt32 = 0x2000
    static let EPOLLEXCLUSIVE: UInt32 = 1 << 28
    static let EPOLL_CTL_ADD: Int32 = 1
    static let EPOLL_CTL_DEL: Int32 = 2
    static let EPOLL_CTL_MOD: Int32 = 3
    static let EPOLL_CLOEXEC: Int32 = 0o2000000
    static let EFD_CLOEXEC: Int32 = 0o2000000
    static let EFD_NONBLOCK: Int32 = 0o4000
}
#endif
