import Testing

@testable import Core

extension MetricsTests {
    /// `MetricFamily`: one series per set of label values, made on first use, kept, and written in a stable order.
    @Suite struct MetricFamilyTests {
        @Test func theSameLabelValuesGiveTheSameSeriesObject() {
            let requests = MetricsRegistry().counter("x_total", help: "X.", labels: ["route", "status"])
            let first = requests.labels("/a", "200")
            #expect(requests.labels("/a", "200") === first)
            #expect(requests.labels(["/a", "200"]) === first, "the array form finds the same series")
            #expect(requests.labels("/a", "500") !== first)
            #expect(requests.labels("200", "/a") !== first, "values go by position, not as a set")
            first.increment()
            #expect(requests.labels("/a", "200").value == 1)
        }

        @Test func itKnowsItsNameAndLabelNamesInOrder() {
            let latency = MetricsRegistry().histogram("x_seconds", help: "X.", labels: ["status", "route"])
            #expect(latency.name == "x_seconds")
            #expect(latency.labelNames == ["status", "route"])
        }

        @Test func itIsEmptyUntilItsFirstSeriesIsAskedFor() {
            let registry = MetricsRegistry()
            let requests = registry.counter("x_total", help: "X.", labels: ["route"])
            #expect(requests.isEmpty)
            _ = requests.labels("/a")
            #expect(!requests.isEmpty)
        }

        @Test func seriesAreWrittenInOrderOfTheirLabelValuesWhateverTheOrderOfFirstUse() {
            let requests = MetricsRegistry().counter("x_total", help: "X.", labels: ["route", "status"])
            requests.labels("/b", "200").increment()
            requests.labels("/a", "500").increment(by: 2)
            requests.labels("/a", "200").increment(by: 3)
            var out = ""
            requests.writeSamples(into: &out)
            #expect(out == #"""
                x_total{route="/a",status="200"} 3
                x_total{route="/a",status="500"} 2
                x_total{route="/b",status="200"} 1

                """#)
        }

        @Test func eachHistogramSeriesOfAFamilyHasTheFamilysBuckets() {
            let latency = MetricsRegistry().histogram("x_seconds", help: "X.", buckets: [0.5, 1], labels: ["route"])
            #expect(latency.labels("/a").upperBounds == [0.5, 1])
            #expect(latency.labels("/b").upperBounds == [0.5, 1])
            #expect(latency.labels("/a") !== latency.labels("/b"))
        }
    }
}
