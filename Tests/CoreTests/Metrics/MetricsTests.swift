import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The suites of `Sources/Core/Metrics`, nested here so that their names all start with `MetricsTests` and
/// `swift test --filter MetricsTests` runs them and nothing else.
enum MetricsTests {
    /// Runs `body(index)` on `count` threads of their own at once and returns when all are done.
    ///
    /// Threads, not tasks: the cooperative pool has one thread per core (two on the CI machine), so eight tasks would
    /// mostly run one after another. Threads are scheduled preemptively, and each waits at a start line until all
    /// exist, so that their loops run at the same time and really interleave — which a lost update needs to show.
    static func onThreads(_ count: Int, _ body: @escaping @Sendable (_ index: Int) -> Void) async throws {
        try await offCooperativePool {
            let arrived = Atomic<Int>(0)
            let finished = DispatchGroup()
            for index in 0..<count {
                finished.enter()
                Thread {
                    // A spin, not a blocking wait: woken one by one, the first threads could finish before the last
                    // ones start.
                    arrived.add(1, ordering: .relaxed)
                    while arrived.load(ordering: .relaxed) < count { sched_yield() }
                    body(index)
                    finished.leave()
                }.start()
            }
            finished.wait()
        }
    }
}
