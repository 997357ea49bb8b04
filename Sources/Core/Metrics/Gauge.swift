/// A value that goes up and down: connections open, requests in flight (docs/metrics.md, "Counters, gauges,
/// histograms"). One series; a family with labels hands out one per label set (`MetricFamily`). A value the
/// program already keeps elsewhere is better read at scrape time: `MetricsRegistry.gauge(_:help:reading:)`.
///
/// Lock-free and cheap from any thread (`AtomicDouble`).
public final class Gauge: Sendable {
    private let storage = AtomicDouble()

    init() {}

    public func set(_ value: Double) {
        storage.store(value)
    }

    public func increment(by amount: Double = 1) {
        storage.add(amount)
    }

    public func decrement(by amount: Double = 1) {
        storage.add(-amount)
    }

    /// The value now.
    public var value: Double { storage.load() }
}

extension Gauge: MetricSeries {
    static let type = MetricType.gauge

    func write(name: String, labels: String, into out: inout String) {
        out += name + ExpositionFormat.braced(labels) + " " + ExpositionFormat.number(value) + "\n"
    }
}
