import Foundation
import Synchronization

/// How many introspections each client may cause: a token bucket per client, `rate` tokens a second up to `burst`.
/// A request whose token must be introspected takes one; a client with an empty bucket gets 429 with `Retry-After`
/// (RFC 6585 §4) and its token is not sent to ZITADEL. Cache hits, shared calls and public routes take nothing, so
/// only a client that keeps presenting new tokens — a flood of garbage, or a bug — ever meets the limit, and it cannot
/// push the API over ZITADEL's own limit for its address (docs/zitadel.md, "Rate limits").
///
/// Clients are named by `ClientKey` (an IPv6 client by its /64). The table is bounded: when `maximumClients` are
/// tracked, buckets that have refilled are dropped (forgetting them changes nothing), then the older half of the rest
/// (those clients start again with a full bucket — at most `burst` more calls each). Each clean-up is O(n log n) and
/// frees at least half the table, so an attacker with many addresses costs O(log n) per request, not O(n).
final class IntrospectionBudget: Sendable {
    let rate: Double
    let burst: Double
    let maximumClients: Int

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let buckets = Mutex<[ClientKey: Bucket]>([:])

    /// - Parameters:
    ///   - rate: tokens added per second; above zero.
    ///   - burst: the bucket's size: how many calls a client may make at once after a quiet spell; at least 1.
    init(rate: Double, burst: Int, maximumClients: Int) {
        self.rate = max(rate, .leastNonzeroMagnitude)
        self.burst = Double(max(burst, 1))
        self.maximumClients = max(maximumClients, 1)
    }

    /// Takes one token from `client`'s bucket: nil when there was one, else how long until there will be.
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
