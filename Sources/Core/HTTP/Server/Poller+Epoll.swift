#if canImport(Glibc)
import Glibc

/// One epoll instance plus an eventfd for wake-ups from other threads. Used by exactly one event-loop thread, except
/// `wake()`, which any thread may call while the loop is open (the loop guarantees that under its inbox lock).
final class Poller {
    private let epollFD: Int32
    private let wakeFD: Int32
    private let capacity = 256
    private let events: UnsafeMutableRawPointer
    private let ctl: LinuxC.EpollCtl
    private let waitFunction: LinuxC.EpollWait

    // struct epoll_event is packed on x86-64 (12 bytes, data at offset 4) and naturally aligned elsewhere.
    #if arch(x86_64)
    private static let eventSize = 12
    private static let dataOffset = 4
    #else
    private static let eventSize = 16
    private static let dataOffset = 8
    #endif

    init() throws(HTTPServerError) {
        guard let create = LinuxC.epollCreate1, let ctl = LinuxC.epollCtl, let wait = LinuxC.epollWait,
            let eventfd = LinuxC.eventfd
        else { throw .eventLoopUnavailable(reason: "epoll is not available from this C library") }
        let epollFD = create(LinuxC.EPOLL_CLOEXEC)
        guard epollFD >= 0 else { throw .eventLoopUnavailable(reason: "epoll_create1: \(String(cString: strerror(errno)))") }
        let wakeFD = eventfd(0, LinuxC.EFD_NONBLOCK | LinuxC.EFD_CLOEXEC)
        guard wakeFD >= 0 else {
            Socket.close(epollFD)
            throw .eventLoopUnavailable(reason: "eventfd: \(String(cString: strerror(errno)))")
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        self.ctl = ctl
        self.waitFunction = wait
        events = UnsafeMutableRawPointer.allocate(byteCount: capacity * Self.eventSize, alignment: 8)
        _ = control(LinuxC.EPOLL_CTL_ADD, wakeFD, LinuxC.EPOLLIN)
    }

    deinit {
        events.deallocate()
    }

    private func control(_ operation: Int32, _ fd: Int32, _ mask: UInt32) -> Bool {
        var event = (UInt64(0), UInt64(0))  // room for either layout
        return withUnsafeMutableBytes(of: &event) { raw in
            raw.storeBytes(of: mask, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: UInt64(UInt32(bitPattern: fd)), toByteOffset: Self.dataOffset, as: UInt64.self)
            return ctl(epollFD, operation, fd, raw.baseAddress) == 0
        }
    }

    private static func mask(read: Bool, write: Bool) -> UInt32 {
        (read ? LinuxC.EPOLLIN | LinuxC.EPOLLRDHUP : 0) | (write ? LinuxC.EPOLLOUT : 0)
    }

    /// `exclusive` (for the listening socket shared by all loops): EPOLLEXCLUSIVE wakes one loop per connection
    /// instead of all of them (Linux 4.5+; it allows EPOLLIN but not EPOLLRDHUP). Older kernels get the plain mode.
    @discardableResult
    func register(_ fd: Int32, read: Bool, write: Bool, exclusive: Bool = false) -> Bool {
        if exclusive {
            return control(LinuxC.EPOLL_CTL_ADD, fd, LinuxC.EPOLLIN | LinuxC.EPOLLEXCLUSIVE)
                || control(LinuxC.EPOLL_CTL_ADD, fd, LinuxC.EPOLLIN)
        }
        return control(LinuxC.EPOLL_CTL_ADD, fd, Self.mask(read: read, write: write))
    }

    func update(_ fd: Int32, read: Bool, write: Bool) {
        _ = control(LinuxC.EPOLL_CTL_MOD, fd, Self.mask(read: read, write: write))
    }

    func deregister(_ fd: Int32) {
        _ = control(LinuxC.EPOLL_CTL_DEL, fd, 0)
    }

    /// Waits up to `timeoutMS` and returns how many events `event(at:)` can read.
    func wait(timeoutMS: Int32) -> Int {
        let count = waitFunction(epollFD, events, Int32(capacity), timeoutMS)
        return max(0, Int(count))
    }

    func event(at index: Int) -> PollEvent {
        let base = events + index * Self.eventSize
        let mask = base.loadUnaligned(as: UInt32.self)
        let fd = Int32(truncatingIfNeeded: base.loadUnaligned(fromByteOffset: Self.dataOffset, as: UInt64.self))
        return PollEvent(
            fd: fd, readable: mask & (LinuxC.EPOLLIN | LinuxC.EPOLLRDHUP) != 0,
            writable: mask & LinuxC.EPOLLOUT != 0, failed: mask & (LinuxC.EPOLLERR | LinuxC.EPOLLHUP) != 0,
            isWakeUp: fd == wakeFD)
    }

    func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    func drainWakeUps() {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
    }

    func close() {
        Socket.close(wakeFD)
        Socket.close(epollFD)
    }
}
#endif
