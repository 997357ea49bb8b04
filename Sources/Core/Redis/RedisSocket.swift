import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The socket calls of the Redis client: a blocking TCP connection whose every wait goes through `poll` with what is
/// left of a deadline, so that no call outlasts its timeout, whatever the other end does (accept and say nothing,
/// send half a reply, or drip one byte at a time). Runs on the client's own threads, never on Swift's cooperative
/// pool (`RedisClient`).
enum RedisSocket {
    /// Opens a TCP connection to `host:port` within `deadline` (milliseconds on `monotonicMilliseconds()`), trying
    /// each address the name resolves to.
    static func connect(host: String, port: Int, deadline: UInt64) throws(RedisError) -> Int32 {
        let address = Self.address(host: host, port: port)
        var lastReason = "no address"
        for candidate in try resolve(host: host, port: port, deadline: deadline) {
            let fd = socket(candidate.family, streamType, 0)
            guard fd >= 0 else {
                lastReason = String(cString: strerror(errno))
                continue
            }
            var storage = candidate.storage
            let reason = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    open(fd, to: $0, length: candidate.length, deadline: deadline)
                }
            }
            if let reason {
                _ = systemClose(fd)
                lastReason = reason
                continue
            }
            return fd
        }
        throw .connectFailed(address: address, reason: lastReason)
    }

    /// One address a name resolved to, copied out of `getaddrinfo`'s list.
    struct ResolvedAddress: Sendable {
        var family: Int32
        var storage: sockaddr_storage
        var length: socklen_t
    }

    /// The addresses of `host`. An IP address is read without any lookup. A name is looked up on a thread of its own,
    /// waited for until `deadline`: `getaddrinfo` has no timeout, and a slow DNS server could otherwise hold a
    /// request for seconds. A lookup that is late finishes on its thread and is thrown away.
    static func resolve(host: String, port: Int, deadline: UInt64) throws(RedisError) -> [ResolvedAddress] {
        let address = Self.address(host: host, port: port)
        let numeric = isIPAddress(host)
        let lookup = Lookup()
        let run: @Sendable () -> Void = { lookup.finish(lookUp(host: host, port: port, numeric: numeric)) }
        if numeric {
            run()
        } else {
            let thread = Thread(block: run)
            thread.name = "redis-resolve"
            thread.start()
        }
        let now = monotonicMilliseconds()
        guard let outcome = lookup.wait(milliseconds: deadline > now ? Int(deadline - now) : 0) else {
            throw .connectFailed(address: address, reason: "looking up \(host) took longer than the connect timeout")
        }
        switch outcome {
        case .success(let addresses): return addresses
        case .failure(let failure): throw .connectFailed(address: address, reason: failure.reason)
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var buffer = in6_addr()
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }

    private struct LookupFailure: Error {
        let reason: String
    }

    private static func lookUp(host: String, port: Int, numeric: Bool) -> Result<[ResolvedAddress], LookupFailure> {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICSERV | (numeric ? AI_NUMERICHOST : 0)
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, list != nil else {
            return .failure(LookupFailure(reason: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        var addresses: [ResolvedAddress] = []
        var candidate = list
        while let info = candidate {
            candidate = info.pointee.ai_next
            guard let socketAddress = info.pointee.ai_addr,
                Int(info.pointee.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size
            else { continue }
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { target in
                target.copyMemory(
                    from: UnsafeRawBufferPointer(start: socketAddress, count: Int(info.pointee.ai_addrlen)))
            }
            addresses.append(
                ResolvedAddress(family: info.pointee.ai_family, storage: storage, length: info.pointee.ai_addrlen))
        }
        return .success(addresses)
    }

    /// A look-up's outcome, handed from its thread to the waiting one.
    private final class Lookup: @unchecked Sendable {
        private let condition = NSCondition()
        private var outcome: Result<[ResolvedAddress], LookupFailure>?

        func finish(_ result: Result<[ResolvedAddress], LookupFailure>) {
            condition.lock()
            outcome = result
            condition.signal()
            condition.unlock()
        }

        /// The outcome, or nil when none came within `milliseconds`.
        func wait(milliseconds: Int) -> Result<[ResolvedAddress], LookupFailure>? {
            let limit = Date(timeIntervalSinceNow: Double(milliseconds) / 1000)
            condition.lock()
            defer { condition.unlock() }
            while outcome == nil {
                guard condition.wait(until: limit) else { break }
            }
            return outcome
        }
    }

    /// Connects `fd` without blocking past `deadline`; nil on success, else the reason. The socket stays
    /// non-blocking: every later read and write waits in `poll`.
    private static func open(
        _ fd: Int32, to address: UnsafeMutablePointer<sockaddr>?, length: socklen_t, deadline: UInt64
    ) -> String? {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0, fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 else {
            return String(cString: strerror(errno))
        }
        var one: Int32 = 1
        // A command is written whole; Nagle's algorithm would only add a delayed-ACK round trip.
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        if systemConnect(fd, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        guard wait(fd, for: Int16(POLLOUT), until: deadline) else { return "no answer within the connect timeout" }
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 else { return String(cString: strerror(errno)) }
        return error == 0 ? nil : String(cString: strerror(error))
    }

    /// Writes all of `bytes` before `deadline`; false when time ran out or the socket failed (`errno` says which).
    static func write(_ fd: Int32, _ bytes: [UInt8], deadline: UInt64) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                systemSend(fd, buffer.baseAddress! + sent, buffer.count - sent)
            }
            if count > 0 {
                sent += count
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                guard wait(fd, for: Int16(POLLOUT), until: deadline) else { return false }
            } else {
                return false
            }
        }
        return true
    }

    enum ReadResult {
        case bytes(Int)
        case closed
        case timedOut
        case failed(String)
    }

    /// Reads what has arrived into `buffer`, waiting for it until `deadline`.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, deadline: UInt64) -> ReadResult {
        while true {
            let count = systemRead(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .closed }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
                return .failed(String(cString: strerror(errno)))
            }
            guard wait(fd, for: Int16(POLLIN), until: deadline) else { return .timedOut }
        }
    }

    /// `host:port`, an IPv6 address in brackets (`[::1]:6379`), for messages.
    static func address(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func close(_ fd: Int32) {
        _ = systemClose(fd)
    }

    /// Waits until `fd` is ready for `events` (or has failed, which the next call reports) or `deadline` passes.
    private static func wait(_ fd: Int32, for events: Int16, until deadline: UInt64) -> Bool {
        while true {
            let now = monotonicMilliseconds()
            guard now < deadline else { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(clamping: deadline - now))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return true }  // the next read or write reports the error
        }
    }

    /// Milliseconds of a clock that never jumps: deadlines must not move with the wall clock.
    static func monotonicMilliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1000 + UInt64(time.tv_nsec) / 1_000_000
    }

    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    /// MSG_NOSIGNAL: a write to a connection Redis closed returns EPIPE instead of killing the process with SIGPIPE.
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0  // SO_NOSIGPIPE is set on the socket instead
    #endif

    private static func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        send(fd, bytes, count, sendFlags)
    }
}

// The free functions shadowed by RedisSocket's own names.
@inline(__always) private func systemConnect(
    _ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t
) -> Int32 {
    connect(fd, address, length)
}
@inline(__always) private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
@inline(__always) private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
