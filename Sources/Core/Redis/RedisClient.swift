import Dispatch
import Synchronization

/// A small Redis (or Valkey) client for a cache: `GET`, `SET … PX` and `SET … NX PX` over a few pooled connections,
/// with timeouts in tens of milliseconds, so that a cache that is down, slow or not Redis at all costs a request
/// little and never an error (docs/redis.md).
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
/// (seen in `RedisClientTests`: with a concurrent queue on two cores, the second command could not even start while
/// the first waited for its reply).
///
/// At most `maximumConnections` commands run at once; a command that finds them all busy waits for one, at most the
/// connect timeout (`checkOut`). After Redis fails (cannot connect, times out, closes, sends junk), every command
/// fails at once for `retryDelay`, and then one is let through to try again: a Redis that is gone costs one request
/// the timeout per `retryDelay`, not every request.
public final class RedisClient: Sendable {
    public struct Configuration: Sendable {
        public var url: RedisURL
        /// Longest wait for a new connection to open. Default 50 ms: Redis next to the API answers in well under one.
        public var connectTimeout: Duration
        /// Longest wait for one reply, from sending the command. Default 50 ms.
        public var replyTimeout: Duration
        /// Connections kept open, and commands running at once. Default 8.
        public var maximumConnections: Int
        /// Commands waiting for a busy connection at most (each at most `connectTimeout`); more fail at once.
        /// Default 256.
        public var maximumWaiting: Int
        /// How long commands fail at once after Redis failed, before one tries again. Default 1 s.
        public var retryDelay: Duration
        /// The largest value `get` accepts: a bigger reply is refused as malformed and the connection closed.
        /// Default 64 KiB, far above an introspection answer.
        public var maximumValueBytes: Int

        public init(
            url: RedisURL, connectTimeout: Duration = .milliseconds(50), replyTimeout: Duration = .milliseconds(50),
            maximumConnections: Int = 8, maximumWaiting: Int = 256, retryDelay: Duration = .seconds(1),
            maximumValueBytes: Int = 64 * 1024
        ) {
            self.url = url
            self.connectTimeout = connectTimeout
            self.replyTimeout = replyTimeout
            self.maximumConnections = max(1, maximumConnections)
            self.maximumWaiting = max(0, maximumWaiting)
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
        /// While set, on `RedisSocket.monotonicMilliseconds()`, commands fail at once with this failure; `since`: when
        /// it was set.
        var backOff: (until: UInt64, failure: String, since: UInt64)?
        /// Commands waiting for a connection, first come first served.
        var waiting: [(id: UInt64, continuation: CheckedContinuation<Grant, Never>)] = []
        var nextWaiterID: UInt64 = 0
    }

    /// What a command gets from the pool.
    private enum Grant {
        case connection(RedisConnection)
        /// The right to open a new connection (counted already).
        case open
        case refused(RedisError)
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
        let reply = try await call(RESPCommand.get(key: Array(key.utf8)))
        switch reply {
        case .bulkString(let bytes): return bytes
        case .error(let message): throw .errorReply(address: address, message: message)
        default: throw .unexpectedReply(address: address, command: "GET")
        }
    }

    /// Sets `key` to `value`, which Redis forgets after `lifetime` (`SET key value PX milliseconds`; at least 1 ms).
    public func set(_ key: String, value: [UInt8], expiringAfter lifetime: Duration) async throws(RedisError) {
        let milliseconds = max(1, RedisConnection.milliseconds(lifetime))
        let reply = try await call(
            RESPCommand.set(key: Array(key.utf8), value: value, expiresInMilliseconds: Int(milliseconds)))
        switch reply {
        case .simpleString("OK"): return
        case .error(let message): throw .errorReply(address: address, message: message)
        default: throw .unexpectedReply(address: address, command: "SET")
        }
    }

    /// Sets `key` to `value` for `lifetime` only if it has no value yet (`SET key value NX PX milliseconds`): true
    /// when it was set, false when the key was there already.
    public func setIfAbsent(_ key: String, value: [UInt8], expiringAfter lifetime: Duration) async throws(RedisError)
        -> Bool {
        let milliseconds = max(1, RedisConnection.milliseconds(lifetime))
        let reply = try await call(
            RESPCommand.setIfAbsent(key: Array(key.utf8), value: value, expiresInMilliseconds: Int(milliseconds)))
        switch reply {
        case .simpleString("OK"): return true
        case .bulkString(nil): return false
        case .error(let message): throw .errorReply(address: address, message: message)
        default: throw .unexpectedReply(address: address, command: "SET NX")
        }
    }

    /// Connections open now (idle or in use), for tests and diagnostics.
    public var openConnections: Int { pool.withLock { $0.count } }

    /// Runs one command on a pooled connection, on the client's queue.
    private func call(_ command: [UInt8]) async throws(RedisError) -> RESPValue {
        let started = RedisSocket.monotonicMilliseconds()
        let connection = try await checkOut()
        // The connection's own serial queue, or a new one for a new connection.
        let queue = connection?.queue ?? DispatchQueue(label: "RedisConnection")
        let result: Result<RESPValue, RedisError> = await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: run(command, on: connection, queue: queue, startedAt: started))
            }
        }
        return try result.get()
    }

    /// Takes an idle connection, or the right to open one (nil); when every connection is busy, waits for one at
    /// most `connectTimeout` — a burst of new tokens makes many look-ups at once, and each costs far less than the
    /// call to ZITADEL that failing it would cause — with at most `maximumWaiting` commands waiting.
    private func checkOut() async throws(RedisError) -> RedisConnection? {
        let now = RedisSocket.monotonicMilliseconds()
        let grant: Grant = await withCheckedContinuation { continuation in
            let immediate: Grant? = pool.withLock { pool in
                if let backOff = pool.backOff {
                    guard now >= backOff.until else {
                        return .refused(.backingOff(address: address, lastFailure: backOff.failure))
                    }
                    // This command tries again; the others keep failing at once until it has.
                    pool.backOff?.until = now + RedisConnection.milliseconds(configuration.retryDelay)
                }
                if let connection = pool.idle.popLast() { return .connection(connection) }
                if pool.count < configuration.maximumConnections {
                    pool.count += 1
                    return .open
                }
                guard pool.waiting.count < configuration.maximumWaiting else {
                    return .refused(.poolExhausted(address: address, connections: configuration.maximumConnections))
                }
                pool.nextWaiterID += 1
                let id = pool.nextWaiterID
                pool.waiting.append((id, continuation))
                Task { [self] in
                    try? await Task.sleep(for: configuration.connectTimeout)
                    giveUpWaiting(id)
                }
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
        switch grant {
        case .connection(let connection): return connection
        case .open: return nil
        case .refused(let error): throw error
        }
    }

    /// A waiting command that got nothing within its time: refused.
    private func giveUpWaiting(_ id: UInt64) {
        let waiter: CheckedContinuation<Grant, Never>? = pool.withLock { pool in
            guard let index = pool.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return pool.waiting.remove(at: index).continuation
        }
        waiter?.resume(
            returning: .refused(.poolExhausted(address: address, connections: configuration.maximumConnections)))
    }

    /// Runs on the queue: opens the connection if needed, sends the command, and returns the connection to the pool,
    /// or closes it and starts the back-off when Redis failed.
    private func run(
        _ command: [UInt8], on pooled: RedisConnection?, queue: DispatchQueue, startedAt started: UInt64
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
            let reply = try connection.call(command, timeout: configuration.replyTimeout)
            // Straight to the first waiting command, if any; otherwise back to the idle ones.
            let waiter: CheckedContinuation<Grant, Never>? = pool.withLock { pool in
                // Redis answered: the back-off ends, unless another command's failure set it while this one ran.
                if let backOff = pool.backOff, backOff.since <= started { pool.backOff = nil }
                guard !pool.waiting.isEmpty else {
                    pool.idle.append(connection)
                    return nil
                }
                return pool.waiting.removeFirst().continuation
            }
            waiter?.resume(returning: .connection(connection))
            return .success(reply)
        } catch {
            pooled?.close()
            let failedAt = RedisSocket.monotonicMilliseconds()
            let until = failedAt + RedisConnection.milliseconds(configuration.retryDelay)
            let (stale, waiters): ([RedisConnection], [CheckedContinuation<Grant, Never>]) = pool.withLock { pool in
                pool.count -= 1
                guard error.isFailureOfRedis else {
                    // The connection's place is free: the first waiting command may open one.
                    guard !pool.waiting.isEmpty else { return ([], []) }
                    pool.count += 1
                    return ([], [pool.waiting.removeFirst().continuation])
                }
                pool.backOff = (until, error.description, failedAt)
                // Redis failed or restarted: the idle connections are most likely dead too, and the commands
                // waiting for one fail now rather than at their timeout.
                defer {
                    pool.count -= pool.idle.count
                    pool.idle = []
                    pool.waiting = []
                }
                return (pool.idle, pool.waiting.map(\.continuation))
            }
            stale.forEach { $0.close() }
            for waiter in waiters {
                waiter.resume(
                    returning: error.isFailureOfRedis
                        ? .refused(.backingOff(address: address, lastFailure: error.description)) : .open)
            }
            return .failure(error)
        }
    }
}
