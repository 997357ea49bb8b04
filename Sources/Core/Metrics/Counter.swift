/// A value that only goes up: requests served, refusals, cache hits (docs/metrics.md, "Counters, gauges,
/// histograms"). One series; a family with labels hands out one per label set (`MetricFamily`).
///
/// Lock-free and cheap from any thread (`AtomicDouble`); keep the `Counter` of a label set you update on every
/// request instead of looking it up each time.
public final class Counter: Sendable {
    private let storage = AtomicDouble()

    init() {}

    /// Adds `amount` (default 1), which must not be negative: a counter that went down would read as a restart.
    public func increment(by amount: Double = 1) {
        precondition(amount >= 0, "a counter only goes up; increment(by: \(amount))")
        storage.add(amount)
    }

    /// The total so far.
    public var value: Double { storage.load() }
}

extension Counter: MetricSeries {
    static let type = MetricType.counter

    func write(name: String, labels: String, into out: inout String) {
        out += name + ExpositionFormat.braced(labels) + " " + ExpositionFormat.number(value) + "\n"
    }
}
