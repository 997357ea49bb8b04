/// Why the Redis client has no answer. Each description is one sentence for a log; none holds a key, a value or the
/// password.
public enum RedisError: SharedCacheError, Equatable, Sendable, CustomStringConvertible {
    /// The connection could not be opened: refused, unreachable, host unknown, or not within the connect timeout.
    case connectFailed(address: String, reason: String)
    /// Redis did not answer within the reply timeout; the connection is closed, never reused.
    case timedOut(address: String, after: Duration)
    /// Redis closed the connection or the socket failed while talking.
    case connectionLost(address: String, reason: String)
    /// The reply was not RESP, or larger than the client accepts.
    case malformedReply(address: String, reason: String)
    /// Redis answered with an error (`-WRONGPASS …`, `-NOAUTH …`, `-ERR …`).
    case errorReply(address: String, message: String)
    /// The reply was RESP but not what the command answers (an integer to `GET`).
    case unexpectedReply(address: String, command: String)
    /// Every connection stayed busy for as long as a command may wait (or too many were waiting already): the caller
    /// goes on without the cache; Redis itself is fine, so this starts no back-off and reports no outage.
    case poolExhausted(address: String, connections: Int)
    /// A recent failure: the client does not try again before `RedisClient.Configuration.retryDelay` has passed, so
    /// that a Redis that is down costs one request a timeout, not every request.
    case backingOff(address: String, lastFailure: String)

    public var description: String {
        switch self {
        case .connectFailed(let address, let reason): "cannot connect to Redis at \(address): \(reason)"
        case .timedOut(let address, let after): "Redis at \(address) did not answer within \(after)"
        case .connectionLost(let address, let reason): "the connection to Redis at \(address) failed: \(reason)"
        case .malformedReply(let address, let reason): "Redis at \(address) sent a malformed reply: \(reason)"
        case .errorReply(let address, let message): "Redis at \(address) answered with an error: \(message)"
        case .unexpectedReply(let address, let command):
            "Redis at \(address) answered \(command) with a reply of the wrong type"
        case .poolExhausted(let address, let connections):
            "all \(connections) connections to Redis at \(address) are busy"
        case .backingOff(_, let lastFailure): lastFailure
        }
    }

    /// Whether the shared cache failed, rather than being busy (`SharedCacheError`): every error but a full pool.
    /// (A back-off follows a failure, so it reports one still going on.)
    public var isFailureOfTheCache: Bool {
        if case .poolExhausted = self { return false }
        return true
    }

    /// Whether this says something about Redis itself (it is down, slow, or not Redis), rather than about this
    /// moment's load: those failures start the back-off.
    var isFailureOfRedis: Bool {
        switch self {
        case .poolExhausted, .backingOff: false
        default: true
        }
    }
}
