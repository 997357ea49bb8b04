import Testing

extension StandInSuites {
    /// The suites that run the built executables (the two APIs, the three clients) as processes: serialized, so that
    /// at most one child process runs at a time — the machine has two cores, and timing tests elsewhere must not
    /// starve. Inside StandInSuites, as they use its stand-in too.
    @Suite(.serialized) enum ProcessSuites {
        /// The sample API in front of the stand-in, for the clients to call.
        static let api = Task { try SampleAPIServer(try await StandInSuites.standIn.value) }
    }
}

typealias ProcessSuites = StandInSuites.ProcessSuites
