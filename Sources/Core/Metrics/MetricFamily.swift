import Synchronization

/// A metric with labels: one `Counter`, `Gauge` or `Histogram` per set of label values, made on first use and kept
/// for the life of the registry. `labels("GET", "200")` returns the same series every time.
///
/// ```swift
/// let requests = registry.counter("api_requests_total", help: "Requests answered.", labels: ["route", "status"])
/// requests.labels("/api/public", "200").increment()
/// ```
///
/// The values must come from a small, closed set — a route from the route table, a status code — never straight
/// from a request: every new combination is a series of its own, kept here and by the scraper (docs/metrics.md,
/// "Counters, gauges, histograms"). Finding a series takes a lock and a dictionary lookup; on a hot path, keep the
/// series of the combinations you know (`let publicOK = requests.labels("/api/public", "200")`).
public final class MetricFamily<Series: AnyObject & Sendable>: Sendable {
    public var name: String { definition.name }
    /// The label names, in the order `labels(_:)` takes their values.
    public var labelNames: [String] { definition.labelNames }

    let definition: MetricDefinition
    private let make: @Sendable () -> Series
    private let writeSeries: @Sendable (Series, _ name: String, _ labels: String, _ out: inout String) -> Void
    /// The series by label values, each with its label pairs written out once.
    private let series = Mutex<[[String]: (series: Series, pairs: String)]>([:])

    init(
        definition: MetricDefinition, make: @escaping @Sendable () -> Series,
        write: @escaping @Sendable (Series, String, String, inout String) -> Void
    ) {
        self.definition = definition
        self.make = make
        writeSeries = write
    }

    /// The series for these label values, one per label name, in `labelNames` order.
    public func labels(_ values: String...) -> Series {
        labels(values)
    }

    /// The series for these label values, one per label name, in `labelNames` order.
    public func labels(_ values: [String]) -> Series {
        precondition(
            values.count == definition.labelNames.count,
            "\(definition.name) has labels \(definition.labelNames), got \(values.count) values")
        return series.withLock { table in
            if let found = table[values] { return found.series }
            let made = make()
            table[values] = (made, ExpositionFormat.labelPairs(definition.labelNames, values))
            return made
        }
    }
}

extension MetricFamily: ExposedFamily {
    /// The samples of every series, ordered by label values so that equal states give equal text.
    func writeSamples(into out: inout String) {
        let entries = series.withLock { table in
            table.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.value)
        }
        for entry in entries {
            writeSeries(entry.series, definition.name, entry.pairs, &out)
        }
    }

    var isEmpty: Bool { series.withLock { $0.isEmpty } }
}
