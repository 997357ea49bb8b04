import Dispatch

/// One connection to Redis, used by one command at a time (`RedisClient` keeps a few). Opening it also
/// authenticates and selects the database, so that a connection in the pool is always ready for `GET` and `SET`.
///
/// Any failure closes it for good: after a timeout the late reply could still arrive and be read as the answer to
/// the next command, so a connection that has not finished its exchange is never reused.
///
/// `@unchecked Sendable`: it has one user at a time, handed over through `RedisClient`'s lock, which orders each
/// use after the last.
final class RedisConnection: @unchecked Sendable {
    let address: String
    /// Where every call on this connection runs (`RedisClient`).
    let queue: DispatchQueue
    private let fd: Int32
    private var parser: RESPParser
    private var isOpen = true

    /// Connects to `url` within `connectTimeout`, then sends `AUTH` (when the URL has a password) and `SELECT`
    /// (when it names a database other than 0), each answered within `replyTimeout`.
    init(
        queue: DispatchQueue, url: RedisURL, connectTimeout: Duration, replyTimeout: Duration,
        limits: RESPParser.Limits
    ) throws(RedisError) {
        self.queue = queue
        address = RedisSocket.address(host: url.host, port: url.port)
        fd = try RedisSocket.connect(
            host: url.host, port: url.port,
            deadline: RedisSocket.monotonicMilliseconds() + Self.milliseconds(connectTimeout))
        parser = RESPParser(limits: limits)
        do throws(RedisError) {
            if let password = url.password {
                let auth = RESPCommand.auth(username: url.username, password: password)
                try expectOK(call(auth, timeout: replyTimeout), "AUTH")
            }
            if url.database != 0 {
                try expectOK(call(RESPCommand.select(database: url.database), timeout: replyTimeout), "SELECT")
            }
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Sends one command (`RESPCommand`) and reads its reply within `timeout`. An error reply (`-ERR …`) is returned
    /// as a value: the connection stays usable after it.
    func call(_ command: [UInt8], timeout: Duration) throws(RedisError) -> RESPValue {
        guard isOpen else { throw .connectionLost(address: address, reason: "the connection was closed") }
        let deadline = RedisSocket.monotonicMilliseconds() + Self.milliseconds(timeout)
        do throws(RedisError) {
            guard RedisSocket.write(fd, command, deadline: deadline) else {
                if RedisSocket.monotonicMilliseconds() >= deadline { throw .timedOut(address: address, after: timeout) }
                throw .connectionLost(address: address, reason: "the command could not be sent")
            }
            return try readReply(deadline: deadline, timeout: timeout)
        } catch {
            close()
            throw error
        }
    }

    private func readReply(deadline: UInt64, timeout: Duration) throws(RedisError) -> RESPValue {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let reply: RESPValue?
            do throws(RESPError) {
                reply = try parser.next()
            } catch {
                throw .malformedReply(address: address, reason: error.description)
            }
            if let reply {
                // One command, one reply: bytes beyond it are not Redis, and would be read as the next answer.
                guard parser.unparsedByteCount == 0 else {
                    throw .malformedReply(address: address, reason: "more bytes than one reply")
                }
                return reply
            }
            let result = buffer.withUnsafeMutableBytes { RedisSocket.read(fd, into: $0, deadline: deadline) }
            switch result {
            case .bytes(let count): parser.append(buffer[0..<count])
            case .closed: throw .connectionLost(address: address, reason: "Redis closed the connection")
            case .timedOut: throw .timedOut(address: address, after: timeout)
            case .failed(let reason): throw .connectionLost(address: address, reason: reason)
            }
        }
    }

    private func expectOK(_ reply: RESPValue, _ command: String) throws(RedisError) {
        switch reply {
        case .simpleString("OK"): return
        case .error(let message): throw .errorReply(address: address, message: message)
        default: throw .unexpectedReply(address: address, command: command)
        }
    }

    func close() {
        guard isOpen else { return }
        isOpen = false
        RedisSocket.close(fd)
    }

    static func milliseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1000 + UInt64(max(0, attoseconds)) / 1_000_000_000_000_000
    }
}
