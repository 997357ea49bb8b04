import Synchronization
import Testing

@testable import Core

extension MetricsTests {
    /// `Gauge`: set, up, down; and a gauge read from the program at each scrape.
    @Suite struct GaugeTests {
        @Test func goesUpAndDownAndCanBeSet() {
            let gauge = MetricsRegistry().gauge("x_connections", help: "X.")
            #expect(gauge.value == 0)
            gauge.increment()
            gauge.increment(by: 4)
            gauge.decrement()
            gauge.decrement(by: 0.5)
            #expect(gauge.value == 3.5)
            gauge.set(-7)
            #expect(gauge.value == -7)
        }

        @Test func risesAndFallsFromManyThreadsAtOnceCancelOut() async throws {
            let gauge = MetricsRegistry().gauge("x_in_flight", help: "X.")
            // A connection opened and closed on every thread: the gauge must come back to exactly where it was.
            try await MetricsTests.onThreads(8) { _ in
                for _ in 0..<100_000 {
                    gauge.increment()
                    gauge.decrement()
                }
            }
            #expect(gauge.value == 0)
        }

        @Test func aReadingGaugeIsReadAtEachScrape() {
            let registry = MetricsRegistry()
            let open = Atomic<Int>(2)
            registry.gauge("x_open_connections", help: "Open now.") { Double(open.load(ordering: .relaxed)) }
            #expect(registry.exposition().hasSuffix("\nx_open_connections 2\n"))
            open.store(5, ordering: .relaxed)
            #expect(registry.exposition().hasSuffix("\nx_open_connections 5\n"))
        }
    }
}
