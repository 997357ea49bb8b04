import Synchronization

/// The metrics of one program, and their text for a scraper in Prometheus' exposition format 0.0.4
/// (docs/metrics.md). `MetricsServer` serves it at `/metrics`.
///
/// ```swift
/// let registry = MetricsRegistry()
/// let requests = registry.counter("api_requests_total", help: "Requests answered.", labels: ["route", "status"])
/// let latency = registry.histogram("api_request_duration_seconds", help: "Time to answer.",
///                                  buckets: Histogram.exponentialBuckets(start: 0.0001, factor: 2, count: 16))
/// registry.gauge("api_open_connections", help: "Connections open now.") { Double(server.openConnections) }
///
/// requests.labels("/api/public", "200").increment()
/// latency.observe(.milliseconds(3))
/// print(registry.exposition())
/// ```
///
/// Names are checked when a metric is registered (docs/metrics.md, "Names"): they are written in the code, so a bad
/// one stops the program at once with the reason, like any other programming error, instead of yielding output a
/// scraper rejects. Registering the same name again with the same help, type, labels and buckets returns the
/// metric already there; anything else under a name already taken stops the program too.
///
/// Every method may be called from any thread. Registration and scrapes take the registry's lock; updates touch
/// only their own series (`Counter`, `Gauge`, `Histogram`).
public final class MetricsRegistry: Sendable {
    private struct State {
        var families: [String: any ExposedFamily] = [:]
        /// Every family name and sample name in use, with the family that uses it.
        var takenNames: [String: String] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    // MARK: Counters

    /// A counter without labels; `name` ends in `_total`.
    public func counter(_ name: String, help: String) -> Counter {
        counter(name, help: help, labels: []).labels()
    }

    /// A counter with labels: one `Counter` per set of label values (`labels(_:)`); `name` ends in `_total`.
    public func counter(_ name: String, help: String, labels: [String]) -> MetricFamily<Counter> {
        family(MetricDefinition(name: name, help: help, type: .counter, labelNames: labels)) { Counter() }
    }

    // MARK: Gauges

    /// A gauge without labels, set by the program.
    public func gauge(_ name: String, help: String) -> Gauge {
        gauge(name, help: help, labels: []).labels()
    }

    /// A gauge with labels: one `Gauge` per set of label values (`labels(_:)`).
    public func gauge(_ name: String, help: String, labels: [String]) -> MetricFamily<Gauge> {
        family(MetricDefinition(name: name, help: help, type: .gauge, labelNames: labels)) { Gauge() }
    }

    /// A gauge without labels whose value `read` returns at each scrape, for a number the program keeps anyway
    /// (`HTTPServer.openConnections`). `read` runs on the scraping thread and must be quick. It cannot be registered
    /// twice: two closures cannot be compared.
    public func gauge(_ name: String, help: String, reading read: @escaping @Sendable () -> Double) {
        let definition = MetricDefinition(name: name, help: help, type: .gauge, labelNames: [])
        state.withLock { state in
            register(ReadingGauge(definition: definition, read: read), in: &state)
        }
    }

    // MARK: Histograms

    /// A histogram without labels over the finite, increasing `buckets` (the `+Inf` bucket is added).
    public func histogram(_ name: String, help: String, buckets: [Double] = Histogram.defaultBuckets) -> Histogram {
        histogram(name, help: help, buckets: buckets, labels: []).labels()
    }

    /// A histogram with labels: one `Histogram` per set of label values (`labels(_:)`), all over the same buckets.
    public func histogram(
        _ name: String, help: String, buckets: [Double] = Histogram.defaultBuckets, labels: [String]
    ) -> MetricFamily<Histogram> {
        family(MetricDefinition(name: name, help: help, type: .histogram, labelNames: labels, buckets: buckets)) {
            Histogram(upperBounds: buckets)
        }
    }

    // MARK: Exposition

    /// Every family with at least one series, ordered by name, each as `# HELP`, `# TYPE` and its samples
    /// (docs/metrics.md, "Text format"). Ends with a line feed; empty when there is nothing to show.
    public func exposition() -> String {
        let families = state.withLock { $0.families.values.sorted { $0.definition.name < $1.definition.name } }
        var out = ""
        for family in families where !family.isEmpty {
            let definition = family.definition
            out += "# HELP " + definition.name + " " + ExpositionFormat.escapeHelp(definition.help) + "\n"
            out += "# TYPE " + definition.name + " " + definition.type.rawValue + "\n"
            family.writeSamples(into: &out)
        }
        return out
    }

    /// The content type of `exposition()`, for the `Content-Type` header.
    public static let contentType = ExpositionFormat.contentType

    // MARK: Registration

    private func family<Series: MetricSeries>(
        _ definition: MetricDefinition, make: @escaping @Sendable () -> Series
    ) -> MetricFamily<Series> {
        state.withLock { state in
            if let existing = state.families[definition.name] as? MetricFamily<Series>,
                existing.definition == definition
            {
                return existing
            }
            let family = MetricFamily(definition: definition, make: make) { series, name, labels, out in
                series.write(name: name, labels: labels, into: &out)
            }
            register(family, in: &state)
            if definition.labelNames.isEmpty { _ = family.labels() }  // shown as 0 from the start
            return family
        }
    }

    private func register(_ family: any ExposedFamily, in state: inout State) {
        let definition = family.definition
        if let problem = definition.problem { preconditionFailure("metrics: \(problem)") }
        for name in [definition.name] + definition.sampleNames {
            if let owner = state.takenNames[name] {
                preconditionFailure("metrics: \(definition.name) needs the name \(name), which \(owner) has already")
            }
        }
        for name in [definition.name] + definition.sampleNames { state.takenNames[name] = definition.name }
        state.families[definition.name] = family
    }
}
