import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP client for server tests: writes exactly the bytes a test gives, and every read has a deadline, so a
/// test can never hang on a server that misbehaves. Blocking calls belong in `offCooperativePool`.
final class RawHTTPClient: @unchecked Sendable {
    struct ConnectError: Error, CustomStringConvertible {
        var errno: Int32
        var description: String { "connect failed: \(String(cString: strerror(errno)))" }
    }

    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var bodyText: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    private var fd: Int32
    /// Bytes read but not yet returned by `readResponse`.
    private var buffered: [UInt8] = []
    private(set) var sawClose = false

    /// Connects to 127.0.0.1:`port`, from the loopback address `source` when given (Linux routes all of 127/8 to
    /// the loopback interface, so `127.0.0.2` is another client address on the same machine). `receiveBuffer`
    /// shrinks SO_RCVBUF (to make a non-reading client stall a server's writes quickly).
    init(port: Int, from source: String? = nil, receiveBuffer: Int32? = nil) throws {
        #if canImport(Glibc)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if bound != 0 {
                let code = errno
                closeDescriptor(fd)
                throw ConnectError(errno: code)
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if status != 0 {
            let code = errno
            closeDescriptor(fd)
            throw ConnectError(errno: code)
        }
    }

    deinit { close() }

    /// Closes the socket (also done on deinit).
    func close() {
        if fd >= 0 { closeDescriptor(fd) }
        fd = -1
    }

    /// Writes everything (a peer that closed makes this fail quietly; tests then check what they read).
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            #if canImport(Glibc)
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            #else
            let count = bytes.withUnsafeBytes { Darwin.send(fd, $0.baseAddress! + sent, $0.count - sent, 0) }
            #endif
            if count <= 0 { return false }
            sent += count
        }
        return true
    }

    /// Sends FIN: "no more requests", while still reading responses.
    func shutdownWrite() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads once, waiting at most until `deadline`; false on timeout, close or error.
    private func fill(until deadline: Date) -> Bool {
        guard !sawClose else { return false }
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(remaining * 1000) + 1) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            sawClose = true  // EOF or reset
            return false
        }
        buffered += chunk[0..<count]
        return true
    }

    /// How long a read waits by default for something that should happen. Generous on purpose: a loaded CI machine
    /// can be slow, and only a failing test (nothing comes) waits this long.
    static let patience: Duration = .seconds(30)

    /// Reads until the server closes the connection or `timeout` passes: everything received, and whether the
    /// connection was closed.
    func readUntilClose(timeout: Duration = patience) -> (bytes: [UInt8], closed: Bool) {
        let deadline = Date(timeIntervalSinceNow: timeout.seconds)
        while fill(until: deadline) {}
        let bytes = buffered
        buffered = []
        return (bytes, sawClose)
    }

    /// Reads one response framed by Content-Length (no body for HEAD when `isHead`), or nil on timeout/close.
    func readResponse(isHead: Bool = false, timeout: Duration = patience) -> Response? {
        let deadline = Date(timeIntervalSinceNow: timeout.seconds)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            if let range = buffered.firstRange(of: separator) {
                headEnd = range.upperBound
            } else if !fill(until: deadline) {
                return nil
            }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffered[0..<(headEnd - 4)], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = isHead ? 0 : Int(headers.first { $0.name.lowercased() == "content-length" }?.value ?? "0") ?? 0
        while buffered.count < headEnd + length {
            if !fill(until: deadline) { return nil }
        }
        let body = Array(buffered[headEnd..<(headEnd + length)])
        buffered.removeSubrange(0..<(headEnd + length))
        return Response(status: status, headers: headers, body: body)
    }
}

@inline(__always) private func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
