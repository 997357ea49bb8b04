import Testing

@testable import Core

extension MetricsTests {
    /// `AtomicDouble`: the bit pattern round-trips, and a compare-and-exchange add loses nothing under contention.
    @Suite struct AtomicDoubleTests {
        /// `AtomicDouble` cannot be copied, so threads share it through an object.
        private final class Shared: Sendable {
            let value = AtomicDouble()
        }

        @Test func loadReturnsWhatWasStoredOrAdded() {
            let value = AtomicDouble(1.5)
            #expect(value.load() == 1.5)
            value.add(0.25)
            #expect(value.load() == 1.75)
            value.add(-2)
            #expect(value.load() == -0.25)
            value.store(.infinity)
            #expect(value.load() == .infinity)
            value.store(.nan)
            #expect(value.load().isNaN)
            #expect(AtomicDouble().load() == 0)
        }

        @Test func addsFromManyThreadsAtOnceAllCount() async throws {
            let shared = Shared()
            try await MetricsTests.onThreads(8) { _ in
                for _ in 0..<100_000 { shared.value.add(0.25) }
            }
            // Quarters add up exactly in binary, so anything but 200,000 is a lost update.
            #expect(shared.value.load() == 200_000)
        }
    }
}
