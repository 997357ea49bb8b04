import Synchronization

/// Observations counted into buckets, such as request durations in seconds (docs/metrics.md, "Counters, gauges,
/// histograms"): written as cumulative `_bucket{le="…"}` lines up to `le="+Inf"`, then `_sum` and `_count`. One
/// series; a family with labels hands out one per label set (`MetricFamily`).
///
/// One `Mutex` per series, not one atomic per bucket: an observation changes a bucket, the sum and the count
/// together, and a scrape must see all three from the same moment — with separate atomics it could read a count
/// that disagrees with the `+Inf` bucket, which the format forbids. The lock is held for three additions; an
/// uncontended `Mutex` costs about as much as an atomic exchange, and the bucket is found before it is taken.
public final class Histogram: Sendable {
    /// Prometheus' Go client's default buckets, in seconds: 5 ms to 10 s (docs/metrics.md, "Counters, gauges,
    /// histograms"). Too coarse for an answer from memory in microseconds; see `exponentialBuckets`.
    public static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// `count` bounds starting at `start`, each `factor` times the one before: `exponentialBuckets(start: 0.0001,
    /// factor: 2, count: 16)` spans 100 µs to about 3.3 s.
    public static func exponentialBuckets(start: Double, factor: Double, count: Int) -> [Double] {
        precondition(
            start > 0 && factor > 1 && count >= 1, "exponentialBuckets needs start > 0, factor > 1, count ≥ 1")
        var bounds: [Double] = []
        var bound = start
        for _ in 0..<count {
            bounds.append(bound)
            bound *= factor
        }
        return bounds
    }

    /// The finite upper bounds, increasing; the `+Inf` bucket is always there besides them.
    public let upperBounds: [Double]
    private let state: Mutex<State>

    private struct State {
        /// Observations per bucket, not cumulative: `upperBounds.count` finite buckets, then `+Inf`.
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        state = Mutex(State(counts: Array(repeating: 0, count: upperBounds.count + 1)))
    }

    /// Counts `value` in the first bucket whose bound is at least `value` (`+Inf` for NaN, which also makes the sum
    /// NaN, as in Prometheus' Go client).
    public func observe(_ value: Double) {
        let bucket = bucketIndex(for: value)
        state.withLock { state in
            state.counts[bucket] += 1
            state.sum += value
            state.count += 1
        }
    }

    /// Observes `duration` in seconds, the base unit of time for Prometheus (docs/metrics.md, "Names").
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// The cumulative bucket counts (the last one, `+Inf`, equal to `count`), the sum and the count, all from the
    /// same moment.
    public var snapshot: (buckets: [UInt64], sum: Double, count: UInt64) {
        let (counts, sum, count) = state.withLock { ($0.counts, $0.sum, $0.count) }
        var running: UInt64 = 0
        return (counts.map { running += $0; return running }, sum, count)
    }

    /// Binary search over the bounds: the index of the first bound ≥ `value`, or the `+Inf` bucket (also for NaN,
    /// which is not ≥ any bound).
    private func bucketIndex(for value: Double) -> Int {
        var low = 0
        var high = upperBounds.count
        while low < high {
            let middle = (low + high) / 2
            if upperBounds[middle] >= value { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The bounds a histogram accepts: finite and strictly increasing (the `+Inf` bucket is added, not given).
    static func areValid(_ bounds: [Double]) -> Bool {
        bounds.allSatisfy(\.isFinite) && zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }
    }
}

extension Histogram: MetricSeries {
    static let type = MetricType.histogram

    func write(name: String, labels: String, into out: inout String) {
        let (buckets, sum, count) = snapshot
        let prefix = name + "_bucket{" + labels + (labels.isEmpty ? "" : ",") + "le=\""
        for (index, cumulative) in buckets.enumerated() {
            let bound = index < upperBounds.count ? ExpositionFormat.number(upperBounds[index]) : "+Inf"
            out += prefix + bound + "\"} " + String(cumulative) + "\n"
        }
        out += name + "_sum" + ExpositionFormat.braced(labels) + " " + ExpositionFormat.number(sum) + "\n"
        out += name + "_count" + ExpositionFormat.braced(labels) + " " + String(count) + "\n"
    }
}
