import Testing

/// The suites that sign and verify RSA in-process. Their test functions are synchronous CPU work, which runs on
/// Swift's cooperative pool (one thread per core); run in parallel they would hold every pool thread for seconds and
/// stall the timing-sensitive socket tests of other suites. Serialised under this parent, they hold at most one.
@Suite(.serialized) enum CPUBoundSuites {}
