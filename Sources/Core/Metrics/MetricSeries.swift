/// What the registry needs of a series type (`Counter`, `Gauge`, `Histogram`): its `# TYPE` and its sample lines.
protocol MetricSeries: AnyObject, Sendable {
    static var type: MetricType { get }

    /// Appends this series' sample lines; `labels` holds its label pairs (`a="x",b="y"`), empty without labels.
    func write(name: String, labels: String, into out: inout String)
}

/// The `# TYPE` of a family (docs/metrics.md, "Text format"); summaries and untyped metrics are not offered.
enum MetricType: String, Sendable {
    case counter
    case gauge
    case histogram
}
