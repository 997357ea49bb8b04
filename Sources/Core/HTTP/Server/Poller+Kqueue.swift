#if canImport(Darwin)
import Darwin

/// One kqueue plus an EVFILT_USER event for wake-ups from other threads. Each descriptor gets a read and a write
/// filter at registration, then only EV_ENABLE / EV_DISABLE flips (so no change ever names a missing filter).
/// kqueue has no EPOLLEXCLUSIVE: every loop wakes for a new connection and the losers see EAGAIN from accept.
final class Poller {
    private let queue: Int32
    private let capacity = 256
    private let events: UnsafeMutablePointer<kevent>
    private static let wakeIdent: UInt = 0xFFFF_FFFF

    init() throws(HTTPServerError) {
        let queue = kqueue()
        guard queue >= 0 else { throw .eventLoopUnavailable(reason: "kqueue: \(String(cString: strerror(errno)))") }
        guard fcntl(queue, F_SETFD, FD_CLOEXEC) == 0 else {
            Socket.close(queue)
            throw .eventLoopUnavailable(reason: "kqueue FD_CLOEXEC: \(String(cString: strerror(errno)))")
        }
        self.queue = queue
        events = .allocate(capacity: capacity)
        var wakeUp = kevent(
            ident: Self.wakeIdent, filter: Int16(EVFILT_USER), flags: UInt16(EV_ADD | EV_CLEAR), fflags: 0,
            data: 0, udata: nil)
        _ = Darwin.kevent(queue, &wakeUp, 1, nil, 0, nil)
    }

    deinit {
        events.deallocate()
    }

    private func apply(_ fd: Int32, read: UInt16, write: UInt16) -> Bool {
        var changes = [
            kevent(ident: UInt(fd), filter: Int16(EVFILT_READ), flags: read, fflags: 0, data: 0, udata: nil),
            kevent(ident: UInt(fd), filter: Int16(EVFILT_WRITE), flags: write, fflags: 0, data: 0, udata: nil),
        ]
        return Darwin.kevent(queue, &changes, 2, nil, 0, nil) == 0
    }

    @discardableResult
    func register(_ fd: Int32, read: Bool, write: Bool, exclusive: Bool = false) -> Bool {
        apply(
            fd, read: UInt16(EV_ADD | (read ? EV_ENABLE : EV_DISABLE)),
            write: UInt16(EV_ADD | (write ? EV_ENABLE : EV_DISABLE)))
    }

    func update(_ fd: Int32, read: Bool, write: Bool) {
        _ = apply(fd, read: UInt16(read ? EV_ENABLE : EV_DISABLE), write: UInt16(write ? EV_ENABLE : EV_DISABLE))
    }

    func deregister(_ fd: Int32) {
        _ = apply(fd, read: UInt16(EV_DELETE), write: UInt16(EV_DELETE))
    }

    func wait(timeoutMS: Int32) -> Int {
        let count: Int32
        if timeoutMS < 0 {
            count = Darwin.kevent(queue, nil, 0, events, Int32(capacity), nil)
        } else {
            var timeout = timespec(tv_sec: Int(timeoutMS / 1000), tv_nsec: Int(timeoutMS % 1000) * 1_000_000)
            count = Darwin.kevent(queue, nil, 0, events, Int32(capacity), &timeout)
        }
        return max(0, Int(count))
    }

    func event(at index: Int) -> PollEvent {
        let event = events[index]
        if event.filter == Int16(EVFILT_USER) {
            return PollEvent(fd: -1, readable: false, writable: false, failed: false, isWakeUp: true)
        }
        let failed = event.flags & UInt16(EV_ERROR) != 0
        // EV_EOF on the read filter still means "readable": read() then returns 0 or the pending error.
        return PollEvent(
            fd: Int32(truncatingIfNeeded: event.ident), readable: event.filter == Int16(EVFILT_READ),
            writable: event.filter == Int16(EVFILT_WRITE), failed: failed, isWakeUp: false)
    }

    func wake() {
        var trigger = kevent(
            ident: Self.wakeIdent, filter: Int16(EVFILT_USER), flags: 0, fflags: UInt32(NOTE_TRIGGER), data: 0,
            udata: nil)
        _ = Darwin.kevent(queue, &trigger, 1, nil, 0, nil)
    }

    /// EV_CLEAR resets the user event when it is reported; nothing to drain.
    func drainWakeUps() {}

    func close() {
        Socket.close(queue)
    }
}
#endif
