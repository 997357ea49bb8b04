import Dispatch
import Foundation
import Synchronization
import Testing

/// `.cpuBound`: for tests that compute for seconds in a debug build (RSA key generation and signing, the reference
/// bignum). Their body, synchronous or not, runs on a CPU lane — a serial dispatch queue with a thread of its own —
/// instead of Swift's cooperative pool.
///
/// Why: the cooperative pool has one thread per core (two on the CI machine), and Swift Testing runs a synchronous
/// test function right on it. Two such tests in a parallel run held the whole pool for tens of seconds, and every
/// async test stalled meanwhile — the server's deferred handlers, `Task.sleep` wake-ups, URLSession callbacks —
/// until timing-sensitive tests failed (seen: a 44 s stall). On a lane the work competes for the CPU like any
/// thread, but never starves the pool.
///
/// How: a task executor preference (SE-0417) for the test's task, so `#expect` and task-locals work as usual and
/// child tasks (parameterised cases, `async let`) follow it. There are one fewer lanes than cores (at least one):
/// CPU-heavy tests then leave a core to everything else. `@Suite(.cpuBound)` covers every test in the suite.
///
/// Shared by both test targets through TestSupport; CoreTests checks it in CPUBoundTests.
public struct CPUBoundTrait: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(CPULane.next()) { try await function() }
    }
}

extension Trait where Self == CPUBoundTrait {
    /// Runs the test (or every test of the suite) on a CPU lane, off the cooperative pool.
    public static var cpuBound: Self { Self() }
}

/// A task executor backed by a serial dispatch queue. A queue made with `DispatchQueue(label:)` targets dispatch's
/// overcommit root queue, which starts a thread for it even when every core is busy — unlike the cooperative pool.
public final class CPULane: TaskExecutor {
    private let queue: DispatchQueue

    private init(index: Int) {
        queue = DispatchQueue(label: "cpu-bound-tests-\(index)")
        queue.setSpecific(key: Self.marker, value: index)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Whether the calling code runs on a lane (what the trait's own tests check).
    public static var isCurrent: Bool { DispatchQueue.getSpecific(key: marker) != nil }

    /// The lanes, taken in turn by successive tests.
    public static func next() -> CPULane {
        lanes[turn.withLock { turn in
            defer { turn = (turn + 1) % lanes.count }
            return turn
        }]
    }

    private static let lanes = (0..<max(1, ProcessInfo.processInfo.activeProcessorCount - 1)).map(CPULane.init)
    private static let turn = Mutex(0)
    private static let marker = DispatchSpecificKey<Int>()
}
