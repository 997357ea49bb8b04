import Foundation
import Synchronization

/// A rate limit per client: a token bucket each, `rate` tokens a second up to `burst`; a request that finds its
/// client's bucket empty is told how long until it would not (RFC 6585 §4: 429 with `Retry-After`).
///
/// The token guard's budget of introspections: a request whose token must be introspected takes one, so that a client
/// presenting new tokens — a flood of garbage, or a bug — cannot push the API over ZITADEL's own limit for its
/// address (docs/zitadel.md, "Rate limits"); cache hits, shared calls and public routes take nothing. The stand-in's
/// `--rate-limit` is the same limit on its OAuth paths, as ZITADEL Cloud has.
///
/// Clients are named by `ClientKey` (an IPv6 client by its /64). The table is bounded: when `maximumClients` are
/// tracked, buckets that have refilled are dropped (forgetting them changes nothing), then the older half of the rest
/// (those clients start again with a full bucket — at most `burst` more calls each). Each clean-up is O(n log n) and
/// frees at least half the table, so an attacker with many addresses costs O(log n) per request, not O(n).
public final class ClientRateLimit: Sendable {
    public let rate: Double
    public let burst: Double
    public let maximumClients: Int

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let buckets = Mutex<[ClientKey: Bucket]>([:])

    /// - Parameters:
    ///   - rate: tokens added per second; above zero.
    ///   - burst: the bucket's size: how many calls a client may make at once after a quiet spell; at least 1.
    public init(rate: Double, burst: Int, maximumClients: Int = 10_000) {
        self.rate = max(rate, .leastNonzeroMagnitude)
        self.burst = Double(max(burst, 1))
        self.maximumClients = max(maximumClients, 1)
    }

    /// Takes one token from the bucket of `client` (an IP address; see `ClientKey`): nil when there was one, else how
    /// long until there will be.
    public func take(from client: String, now: Date) -> Duration? {
        take(ClientKey(client), now: now)
    }

    func take(_ client: ClientKey, now: Date) -> Duration? {
        buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return .milliseconds(Int64(((1 - bucket.tokens) / rate * 1000).rounded(.up)))
            }
            bucket.tokens -= 1
            if buckets[client] == nil, buckets.count >= maximumClients { makeRoom(in: &buckets, now: now) }
            buckets[client] = bucket
            return nil
        }
    }

    /// How many clients are tracked (for tests and diagnostics).
    var trackedClients: Int { buckets.withLock { $0.count } }

    private func makeRoom(in buckets: inout [ClientKey: Bucket], now: Date) {
        buckets = buckets.filter { $0.value.tokens + max(0, now.timeIntervalSince($0.value.updated)) * rate < burst }
        guard buckets.count >= maximumClients / 2 else { return }
        let newest = buckets.sorted { $0.value.updated > $1.value.updated }.prefix(maximumClients / 2)
        buckets = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
    }
}
