import Testing

/// The suites that run the executables as processes (LocalZitadel, the two APIs, the three clients). Each test starts
/// a stand-in (three RSA keys: seconds in a debug build) and several samples; on a 2-core machine, run side by side
/// they would starve each other and the timing-sensitive socket tests of other suites. Serialised under this parent,
/// one runs at a time.
@Suite(.serialized) enum ProcessSuites {}
