import Testing

/// The suites that run the built executables (the two APIs, the three clients) as processes: serialized, so that at
/// most one child process runs at a time — the machine has two cores, and timing tests elsewhere must not starve.
@Suite(.serialized) enum ProcessSuites {
    /// One stand-in for every process suite of this target; one runs at a time, so the request counts a test reads
    /// are its own.
    static let standIn = Task { try await StandIn.start() }
    /// The sample API in front of it, for the clients to call.
    static let api = Task { try SampleAPIServer(try await standIn.value) }
}
