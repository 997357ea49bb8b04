import Dispatch
import Synchronization

/// A small Redis (or Valkey) client for a cache: `GET` and `SET … PX` over a few pooled connections, with timeouts
/// in tens of milliseconds, so that a cache that is down, slow or not Redis at all costs a request little and never
/// an error (docs/redis.md).
///
/// ```swift
/// let redis = RedisClient(configuration: .init(url: try RedisURL(parsing: "redis://:secret@127.0.0.1:6379/0")))
/// try await redis.set("greeting", value: Array("hello".utf8), expiringAfter: .seconds(60))
/// let bytes = try await redis.get("greeting")  // nil when there is no such key
/// ```
///
/// The sockets block, each wait bounded by `poll`, so each connection has a serial Dispatch queue of its own: a serial
/// queue gets a thread of its own when its work blocks, whereas the threads of a concurrent queue are, on Linux, the
/// very ones Swift's cooperative pool runs on — one per core — and a blocked one holds up every task of the process
/// (seen in `RedisClientTests.whenEveryConnectionIsBusyACommandFailsAtOnce`: with a concurrent queue on two cores,
/// the second command could not even start while the first waited for its reply). At most
/// `maximumConnections` commands run at once; a command that finds them all busy fails at once (`poolExhausted`):
/// a cache lookup is not worth a queue. After Redis fails (cannot connect, times out, closes, sends junk), every
/// command fails at once for `retryDelay`, and then one is let through to try again: a Redis that is gone costs one
/// request the timeout per `retryDelay`, not every request.
public final class RedisClient: Sendable {
    public struct Configuration: Sendable {
        public var url: RedisURL
        /// Longest wait for a new connection to open. Default 50 ms: Redis next to the API answers in well under one.
        public var connectTimeout: Duration
        /// Longest wait for one reply, from sending the command. Default 50 ms.
        public var replyTimeout: Duration
        /// Connections kept open, and commands running at once. Default 8.
        public var maximumConnections: Int
        /// How long commands fail at once after Redis failed, before one tries again. Default 1 s.
        public var retryDelay: Duration
        /// The largest value `get` accepts: a bigger reply is refused as malformed and the connection closed.
        /// Default 64 KiB, far above an introspection answer.
        public var maximumValueBytes: Int

        public init(
            url: RedisURL, connectTimeout: Duration = .milliseconds(50), replyTimeout: Duration = .milliseconds(50),
            maximumConnections: Int = 8, retryDelay: Duration = .seconds(1), maximumValueBytes: Int = 64 * 1024
        ) {
            self.url = url
            self.connectTimeout = connectTimeout
            self.replyTimeout = replyTimeout
            self.maximumConnections = max(1, maximumConnections)
            self.retryDelay = retryDelay
            self.maximumValueBytes = maximumValueBytes
        }
    }

    public let configuration: Configuration
    /// `host:port`, for messages; never the password.
    public let address: String

    private struct Pool {
        var idle: [RedisConnection] = []
        /// Connections open or being opened, idle or in use.
        var count = 0
        /// While set, on `RedisSocket.monotonicMilliseconds()`, commands fail at once with this failure.
        var backOff: (until: UInt64, failure: String)?
    }

    private let pool = Mutex(Pool())

    public init(configuration: Configuration) {
        self.configuration = configuration
        address = RedisSocket.address(host: configuration.url.host, port: configuration.url.port)
    }

    deinit {
        pool.withLock { $0.idle.forEach { $0.close() } }
    }

    /// The value of `key`, or nil when there is none.
    public func get(_ key: String) async throws(RedisError) -> [UInt8]? {
        let reply = try await call(["GET", key].map { Array($0.utf8) })
        switch reply {
        case .bulkString(let bytes): return bytes
        case .error(let message): throw .errorReply(address: address, message: message)
        default: throw .unexpectedReply(address: address, command: "GET")
        }
    }

    /// Sets `key` to `value`, which Redis forgets after `lifetime` (`SET key value PX milliseconds`; at least 1 ms).
    public func set(_ key: String, value: [UInt8], expiringAfter lifetime: Duration) async throws(RedisError) {
        let milliseconds = max(1, RedisConnection.milliseconds(lifetime))
        let reply = try await call([Array("SET".utf8), Array(key.utf8), value, Array("PX".utf8), Array(String(milliseconds).utf8)])
        switch reply {
        case .simpleString("OK"): return
        case .error(let message): throw .errorReply(address: address, message: message)
        default: throw .unexpectedReply(address: address, command: "SET")
        }
    }

    /// Connections open now (idle or in use), for tests and diagnostics.
    public var openConnections: Int { pool.withLock { $0.count } }

    /// Runs one command on a pooled connection, on the client's queue.
    private func call(_ arguments: [[UInt8]]) async throws(RedisError) -> RESPValue {
        let connection = try checkOut()
        // The connection's own serial queue, or a new one for a new connection.
        let queue = connection?.queue ?? DispatchQueue(label: "RedisConnection")
        let result: Result<RESPValue, RedisError> = await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: run(arguments, on: connection, queue: queue))
            }
        }
        return try result.get()
    }

    /// Takes an idle connection, or the right to open one (nil), or fails at once.
    private func checkOut() throws(RedisError) -> RedisConnection? {
        let now = RedisSocket.monotonicMilliseconds()
        let outcome: Result<RedisConnection?, RedisError> = pool.withLock { pool in
            if let backOff = pool.backOff {
                guard now >= backOff.until else {
                    return .failure(.backingOff(address: address, lastFailure: backOff.failure))
                }
                // This command tries again; the others keep failing at once until it has.
                pool.backOff?.until = now + RedisConnection.milliseconds(configuration.retryDelay)
            }
            if let connection = pool.idle.popLast() { return .success(connection) }
            guard pool.count < configuration.maximumConnections else {
                return .failure(.poolExhausted(address: address, connections: configuration.maximumConnections))
            }
            pool.count += 1
            return .success(nil)
        }
        return try outcome.get()
    }

    /// Runs on the queue: opens the connection if needed, sends the command, and returns the connection to the pool,
    /// or closes it and starts the back-off when Redis failed.
    private func run(
        _ arguments: [[UInt8]], on pooled: RedisConnection?, queue: DispatchQueue
    ) -> Result<RESPValue, RedisError> {
        do throws(RedisError) {
            let connection: RedisConnection
            if let pooled {
                connection = pooled
            } else {
                connection = try RedisConnection(
                    queue: queue, url: configuration.url, connectTimeout: configuration.connectTimeout,
                    replyTimeout: configuration.replyTimeout,
                    limits: RESPParser.Limits(
                        maxBulkLength: configuration.maximumValueBytes,
                        maxBuffered: configuration.maximumValueBytes + 1024))
            }
            let reply = try connection.call(arguments, timeout: configuration.replyTimeout)
            pool.withLock { pool in
                pool.idle.append(connection)
                pool.backOff = nil
            }
            return .success(reply)
        } catch {
            pooled?.close()
            let until = RedisSocket.monotonicMilliseconds() + RedisConnection.milliseconds(configuration.retryDelay)
            let stale: [RedisConnection] = pool.withLock { pool in
                pool.count -= 1
                guard error.isFailureOfRedis else { return [] }
                pool.backOff = (until, error.description)
                // Redis failed or restarted: the idle connections are most likely dead too.
                defer { pool.count -= pool.idle.count; pool.idle = [] }
                return pool.idle
            }
            stale.forEach { $0.close() }
            return .failure(error)
        }
    }
}
