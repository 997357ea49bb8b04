/// A family as the registry writes it: its definition for the `# HELP` and `# TYPE` lines, then its samples.
protocol ExposedFamily: Sendable {
    var definition: MetricDefinition { get }
    /// No series yet (a family with labels before its first use): the family is left out of the exposition, as
    /// Prometheus' Go client does.
    var isEmpty: Bool { get }
    func writeSamples(into out: inout String)
}
