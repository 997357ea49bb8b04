import Testing
import TestSupport

/// The `.cpuBound` trait really moves test bodies off the cooperative pool: synchronous ones (which Swift Testing
/// would otherwise run on a pool thread), every case of a parameterised test, async ones after a suspension, and
/// the tests of a suite marked with it.
@Suite struct CPUBoundTests {
    @Test(.cpuBound) func aSynchronousBodyRunsOnALane() {
        #expect(CPULane.isCurrent)
    }

    @Test(.cpuBound, arguments: [1, 2, 3])
    func everyCaseOfAParameterisedTestRunsOnALane(case: Int) {
        #expect(CPULane.isCurrent, "case \(`case`)")
    }

    @Test(.cpuBound) func anAsyncBodyStaysOnItsLaneAfterASuspension() async throws {
        try await Task.sleep(for: .milliseconds(1))
        #expect(CPULane.isCurrent)
        async let child = CPULane.isCurrent
        #expect(await child)
    }

    @Test func withoutTheTraitATestRunsElsewhere() {
        #expect(!CPULane.isCurrent)
    }

    @Suite(.cpuBound) struct MarkedSuite {
        @Test func aTestOfAMarkedSuiteRunsOnALane() {
            #expect(CPULane.isCurrent)
        }
    }
}
