import Testing

@testable import Core

extension MetricsTests {
    /// `Counter`: goes up by one or by an amount, and counts exactly when every thread updates it at once.
    @Suite struct CounterTests {
        @Test func startsAtZeroAndAddsOneOrTheAmountGiven() {
            let counter = MetricsRegistry().counter("x_total", help: "X.")
            #expect(counter.value == 0)
            counter.increment()
            counter.increment(by: 2.5)
            counter.increment(by: 0)
            #expect(counter.value == 3.5)
        }

        @Test func incrementsFromManyThreadsAtOnceAddUpExactly() async throws {
            let counter = MetricsRegistry().counter("x_total", help: "X.")
            // 100,000 each, not 10,000: a debug build runs 10,000 in about a millisecond, too short for the threads to
            // overlap often. With a plain load-and-store in place of the atomic add, this test caught the lost
            // updates in 2 of 8 runs at 10,000 and in 7 of 9 at 100,000, on a loaded two-core machine.
            try await MetricsTests.onThreads(8) { _ in
                for _ in 0..<100_000 { counter.increment() }
            }
            #expect(counter.value == 800_000)
        }

        @Test func threadsFindingTheirSeriesByLabelsAtOnceShareOne() async throws {
            let registry = MetricsRegistry()
            let requests = registry.counter("x_total", help: "X.", labels: ["route", "status"])
            // Half the threads count one route, half the other: each label set made once, no increment lost.
            try await MetricsTests.onThreads(8) { index in
                for _ in 0..<10_000 { requests.labels(index.isMultiple(of: 2) ? "/a" : "/b", "200").increment() }
            }
            #expect(requests.labels("/a", "200").value == 40_000)
            #expect(requests.labels("/b", "200").value == 40_000)
            #expect(registry.exposition().contains("x_total{route=\"/a\",status=\"200\"} 40000\n"))
        }
    }
}
