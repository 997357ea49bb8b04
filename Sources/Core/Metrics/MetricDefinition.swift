/// What makes a metric family: its name, help text, type, label names and (for a histogram) bucket bounds. Two
/// registrations with equal definitions are the same family (`MetricsRegistry`).
struct MetricDefinition: Sendable, Equatable {
    var name: String
    var help: String
    var type: MetricType
    var labelNames: [String]
    /// A histogram's finite bucket bounds; empty for the other types.
    var buckets: [Double] = []

    /// The names of the sample lines the family writes: a histogram `x` writes `x_bucket`, `x_sum` and `x_count`
    /// (docs/metrics.md, "Names"). No two families may share one.
    var sampleNames: [String] {
        type == .histogram ? [name + "_bucket", name + "_sum", name + "_count"] : [name]
    }

    /// Why this definition would make output that a scraper rejects, or that breaks `promtool check metrics`'s
    /// rules on help texts and on `_total`; nil when it passes those (docs/metrics.md, "Names"). promtool lints more
    /// (snake_case, base units, no `_count`/`_sum`/`_bucket` outside histograms); the names in this project follow
    /// those rules too, and a test runs promtool over the metrics of both programs, but they are not checked here.
    var problem: String? {
        if !MetricName.isValidMetricName(name) {
            return "'\(name)' is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)"
        }
        if help.isEmpty { return "\(name) needs a help text" }
        if type == .counter && !name.hasSuffix("_total") { return "counter \(name) must end in _total" }
        if type != .counter && name.hasSuffix("_total") { return "only a counter's name ends in _total, not \(name)'s" }
        for label in labelNames where !MetricName.isValidLabelName(label) {
            return "\(name): '\(label)' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)"
        }
        if Set(labelNames).count != labelNames.count { return "\(name): label names repeat in \(labelNames)" }
        if type == .histogram && labelNames.contains("le") { return "\(name): le is the bucket label of a histogram" }
        if type == .histogram && !Histogram.areValid(buckets) {
            return "\(name): bucket bounds must be finite and increasing (+Inf is added), got \(buckets)"
        }
        return nil
    }
}
