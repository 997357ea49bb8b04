import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP listener on loopback that is not Redis, for what a real one never does: answer junk, or say nothing at all.
/// It accepts every connection and, for each read, does what `behaviour` says, on a thread of its own per
/// connection. Stopped (listener and connections closed) when released.
final class FakeRedis: @unchecked Sendable {
    enum Behaviour: Sendable {
        /// Answers every read with these bytes.
        case reply([UInt8])
        /// Reads and never answers.
        case silent
    }

    let port: Int
    private let listener: Int32
    private let behaviour: Behaviour
    private let lock = NSLock()
    private var connections: [Int32] = []
    private var stopped = false

    var url: String { "redis://127.0.0.1:\(port)" }

    init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        let listener = socket(AF_INET, Int32(SOCK_STREAM_FOR_FAKE), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 64) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard ok else { throw RedisServerProcess.Failure(message: "fake Redis cannot listen: \(errno)") }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit {
        stop()
    }

    func stop() {
        let open: [Int32] = lock.withLock {
            guard !stopped else { return [] }
            stopped = true
            return connections + [listener]
        }
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            let keep = lock.withLock { () -> Bool in
                guard !stopped else { return false }
                connections.append(fd)
                return true
            }
            guard keep else { close(fd); return }
            let thread = Thread { [behaviour] in Self.serve(fd, behaviour) }
            thread.start()
        }
    }

    private static func serve(_ fd: Int32, _ behaviour: Behaviour) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            if case .reply(let bytes) = behaviour {
                _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
        }
    }
}

#if canImport(Glibc)
private let SOCK_STREAM_FOR_FAKE = SOCK_STREAM.rawValue
#else
private let SOCK_STREAM_FOR_FAKE = SOCK_STREAM
#endif
