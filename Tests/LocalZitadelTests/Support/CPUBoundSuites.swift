import Testing
import TestSupport

/// The suites that sign and verify RSA in-process. Their test functions are synchronous CPU work, which Swift
/// Testing would run on the cooperative pool (one thread per core); run in parallel they would hold every pool
/// thread for seconds and stall the timing-sensitive socket tests of other suites. So they run on a CPU lane
/// (`.cpuBound`), and serialised under this parent, one at a time.
@Suite(.serialized, .cpuBound) enum CPUBoundSuites {}
