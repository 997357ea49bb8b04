/// The token guard's shared cache (`SharedAnswerCache`) in Redis or Valkey, for several replicas of one API
/// (`INTROSPECTION_CACHE_URL`; README, "Running several replicas").
///
/// Each answer is one key: `keyPrefix` and the SHA-256 of the token in hex — never the token, so that whoever reads
/// Redis cannot use what it finds — holding `SharedAnswer`'s JSON, set with `PX` to the lifetime the guard gives it
/// (min(`exp` − now, the TTL), or the negative TTL). The guard reads it back only while it is still within `exp`.
/// A claim (`claim(forTokenDigest:lifetime:)`) is the same key with `:claim` after it, set with `NX`: only the first
/// replica gets it.
public struct RedisAnswerCache: SharedAnswerCache {
    /// Names every key, so that the cache's keys are easy to find, count or delete in a Redis used for more.
    public static let defaultKeyPrefix = "zitadel:introspection:v1:"

    public let client: RedisClient
    public let keyPrefix: String

    public init(client: RedisClient, keyPrefix: String = Self.defaultKeyPrefix) {
        self.client = client
        self.keyPrefix = keyPrefix
    }

    public func answer(forTokenDigest tokenDigest: String) async throws -> SharedAnswer? {
        // Junk under the key (another program, another version) reads as no entry.
        try await client.get(keyPrefix + tokenDigest).flatMap { SharedAnswer(json: $0) }
    }

    public func claim(forTokenDigest tokenDigest: String, lifetime: Duration) async throws -> Bool {
        try await client.setIfAbsent(
            keyPrefix + tokenDigest + ":claim", value: [UInt8(ascii: "1")], expiringAfter: lifetime)
    }

    public func remember(_ answer: SharedAnswer, forTokenDigest tokenDigest: String, lifetime: Duration) async throws {
        try await client.set(keyPrefix + tokenDigest, value: answer.json, expiringAfter: lifetime)
    }
}
