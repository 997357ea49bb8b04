import Testing

@testable import Core

extension MetricsTests {
    /// `Histogram`: which bucket an observation lands in, cumulative counts, sum and count, and a consistent view
    /// while other threads observe (docs/metrics.md, "Counters, gauges, histograms").
    @Suite struct HistogramTests {
        @Test func bucketsAreCumulativeAndTheLastEqualsTheCount() {
            let histogram = Histogram(upperBounds: [0.1, 1, 10])
            for value in [0.0625, 0.5, 0.5, 5, 50, 500] { histogram.observe(value) }
            let (buckets, sum, count) = histogram.snapshot
            #expect(buckets == [1, 3, 4, 6])
            #expect(buckets.last == count)
            #expect(count == 6)
            #expect(sum == 556.0625)
        }

        @Test func aValueEqualToABoundFallsInThatBucket() {
            // `le` means "less than or equal": 1 belongs to le="1", not only to the next one.
            let histogram = Histogram(upperBounds: [0.25, 1, 2.5])
            histogram.observe(0.25)
            histogram.observe(1)
            histogram.observe(2.5)
            #expect(histogram.snapshot.buckets == [1, 2, 3, 3])
        }

        @Test func valuesBeyondTheBoundsAndNaNGoOnlyToTheInfBucket() {
            let histogram = Histogram(upperBounds: [1])
            histogram.observe(1.000_001)
            histogram.observe(.infinity)
            #expect(histogram.snapshot.buckets == [0, 2])
            histogram.observe(.nan)
            let (buckets, sum, count) = histogram.snapshot
            #expect(buckets == [0, 3])
            #expect(count == 3)
            #expect(sum.isNaN, "as in Prometheus' Go client, a NaN observation makes the sum NaN")
        }

        @Test func negativeValuesFallInTheFirstBucket() {
            let histogram = Histogram(upperBounds: [0, 1])
            histogram.observe(-3)
            #expect(histogram.snapshot.buckets == [1, 1, 1])
            #expect(histogram.snapshot.sum == -3)
        }

        @Test func aHistogramWithoutFiniteBoundsHasOnlyTheInfBucket() {
            let histogram = Histogram(upperBounds: [])
            histogram.observe(42)
            #expect(histogram.snapshot.buckets == [1])
        }

        @Test func aDurationIsObservedInSeconds() {
            let histogram = Histogram(upperBounds: [0.001, 0.01, 1])
            histogram.observe(Duration.milliseconds(3))
            histogram.observe(Duration.seconds(2) + .milliseconds(500))
            let (buckets, sum, _) = histogram.snapshot
            #expect(buckets == [0, 1, 1, 2])
            #expect(abs(sum - 2.503) < 1e-12)
        }

        @Test func exponentialBucketsMultiplyFromTheStart() {
            #expect(Histogram.exponentialBuckets(start: 1, factor: 2, count: 4) == [1, 2, 4, 8])
            #expect(Histogram.exponentialBuckets(start: 0.5, factor: 10, count: 1) == [0.5])
            let fine = Histogram.exponentialBuckets(start: 0.0001, factor: 2, count: 16)
            #expect(fine.count == 16)
            #expect(fine.first == 0.0001)
            #expect(fine.last == 3.2768, "100 µs doubled 15 times")
            #expect(Histogram.areValid(fine))
        }

        @Test func theDefaultBucketsAreTheGoClientsAndValid() {
            #expect(Histogram.defaultBuckets == [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
            #expect(Histogram.areValid(Histogram.defaultBuckets))
        }

        @Test func observationsFromManyThreadsAtOnceAreAllCounted() async throws {
            let histogram = MetricsRegistry().histogram("x_seconds", help: "X.", buckets: [1, 2])
            try await MetricsTests.onThreads(8) { index in
                // Even threads observe 1 (first bucket), odd threads 3 (only +Inf).
                let value: Double = index.isMultiple(of: 2) ? 1 : 3
                for _ in 0..<10_000 { histogram.observe(value) }
            }
            let (buckets, sum, count) = histogram.snapshot
            #expect(count == 80_000)
            #expect(buckets == [40_000, 40_000, 80_000])
            #expect(sum == 160_000)
        }

        @Test func aScrapeDuringObservationsSeesBucketsSumAndCountFromOneMoment() async throws {
            let histogram = Histogram(upperBounds: [1])
            // Three threads observe while one keeps reading: every reading must agree with itself — the +Inf
            // bucket equal to the count and (each observation being 1) the sum too — or the format is broken.
            let disagreements = SharedCount()
            try await MetricsTests.onThreads(4) { index in
                if index == 0 {
                    for _ in 0..<20_000 {
                        let (buckets, sum, count) = histogram.snapshot
                        if buckets.last != count || sum != Double(count) || buckets[0] != count {
                            disagreements.increment()
                        }
                    }
                } else {
                    for _ in 0..<20_000 { histogram.observe(1) }
                }
            }
            #expect(disagreements.value == 0)
            #expect(histogram.snapshot.count == 60_000)
        }
    }
}
