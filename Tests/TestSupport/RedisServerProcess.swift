import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real `redis-server` on a free loopback port, for the tests of the shared cache: started with no persistence
/// and no other clients, stopped (and killed if need be) when released. `stop()` and `start()` again on the same
/// port play Redis going away and coming back.
public final class RedisServerProcess: @unchecked Sendable {
    public let port: Int
    public let password: String?
    private let lock = NSLock()
    private var process: Process?
    private let scratch: TemporaryDirectory

    /// `redis://[:password@]127.0.0.1:PORT/database`
    public func url(database: Int = 0) -> String {
        "redis://" + (password.map { ":\($0)@" } ?? "") + "127.0.0.1:\(port)/\(database)"
    }

    /// Starts one and waits (bounded) until it answers `PING`.
    public init(password: String? = nil) async throws {
        self.password = password
        scratch = try TemporaryDirectory()
        port = try FreePort.take()
        try await start()
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Starts it (again) on its port.
    public func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.require("redis-server"))
        process.arguments =
            ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", scratch.path,
             "--daemonize", "no", "--loglevel", "warning"]
            + (password.map { ["--requirepass", $0] } ?? [])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { self.process = process }
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try answersPing() { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Failure(message: "redis-server did not answer PING on port \(port) within 10 s")
    }

    /// Stops it (SIGKILL: gone at once, as when a host dies) and waits for the exit.
    public func stop() {
        let process = lock.withLock { self.process }
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// One command through `redis-cli` (Debian's redis-tools, which redis-server depends on), for checking what
    /// is stored: its output, trimmed.
    public func command(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.require("redis-cli"))
        process.arguments = ["-h", "127.0.0.1", "-p", String(port), "--no-auth-warning"]
            + (password.map { ["-a", $0] } ?? []) + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func answersPing() throws -> Bool {
        guard let fd = try? FreePort.connect(port: port) else { return false }
        defer { close(fd) }
        let ping = "*1\r\n$4\r\nPING\r\n"
        _ = ping.withCString { send(fd, $0, strlen($0), 0) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var reply = [UInt8](repeating: 0, count: 64)
        let count = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        // +PONG, or -NOAUTH when a password is set: either way it is up.
        return count > 0
    }

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
        public init(message: String) { self.message = message }
    }
}

/// Loopback ports for servers that cannot pick their own (`redis-server --port 0` turns TCP off).
public enum FreePort {
    /// A port the kernel just handed out and that nobody listens on now: bound to 0, read, closed.
    public static func take() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        guard fd >= 0 else { throw RedisServerProcess.Failure(message: "socket: \(errno)") }
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw RedisServerProcess.Failure(message: "cannot bind a free port: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A connected TCP socket to 127.0.0.1:`port`.
    public static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        guard fd >= 0 else { throw RedisServerProcess.Failure(message: "socket: \(errno)") }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw RedisServerProcess.Failure(message: "cannot connect to port \(port)")
        }
        return fd
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

@inline(__always) private func systemConnect(
    _ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t
) -> Int32 {
    connect(fd, address, length)
}

#if canImport(Glibc)
private let SOCK_STREAM_VALUE = SOCK_STREAM.rawValue
#else
private let SOCK_STREAM_VALUE = SOCK_STREAM
#endif
