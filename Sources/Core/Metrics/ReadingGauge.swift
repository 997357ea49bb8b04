/// A gauge whose value is read from a closure at each scrape (`MetricsRegistry.gauge(_:help:reading:)`).
struct ReadingGauge: ExposedFamily {
    let definition: MetricDefinition
    let read: @Sendable () -> Double

    var isEmpty: Bool { false }

    func writeSamples(into out: inout String) {
        out += definition.name + " " + ExpositionFormat.number(read()) + "\n"
    }
}
