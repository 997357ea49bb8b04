import Testing

@testable import Core

extension MetricsTests {
    /// `MetricDefinition.problem`, the reason a registration stops the program. Only the check is called here: the
    /// registering functions stop the test process on a bad definition (a precondition), by design.
    @Suite struct MetricDefinitionTests {
        private func counter(_ name: String, help: String = "Help.", labels: [String] = []) -> MetricDefinition {
            MetricDefinition(name: name, help: help, type: .counter, labelNames: labels)
        }

        private func gauge(_ name: String, labels: [String] = []) -> MetricDefinition {
            MetricDefinition(name: name, help: "Help.", type: .gauge, labelNames: labels)
        }

        private func histogram(_ name: String, labels: [String] = [], buckets: [Double] = [0.1, 1])
            -> MetricDefinition
        {
            MetricDefinition(name: name, help: "Help.", type: .histogram, labelNames: labels, buckets: buckets)
        }

        @Test func wellFormedDefinitionsHaveNoProblem() {
            #expect(counter("api_requests_total", labels: ["route", "status"]).problem == nil)
            #expect(gauge("api_open_connections").problem == nil)
            #expect(histogram("api_request_duration_seconds", labels: ["route"]).problem == nil)
            #expect(histogram("api_request_duration_seconds", buckets: Histogram.defaultBuckets).problem == nil)
            // No finite bucket at all still gives a valid histogram: just the +Inf bucket, sum and count.
            #expect(histogram("api_request_duration_seconds", buckets: []).problem == nil)
            // `le` is reserved only where it would clash: in a histogram's own bucket lines.
            #expect(gauge("api_limit", labels: ["le"]).problem == nil)
        }

        @Test func anInvalidMetricNameIsAProblemThatNamesIt() {
            for name in ["", "1_requests_total", "api-requests_total", "api requests_total", "größe_total"] {
                let problem = counter(name).problem
                #expect(
                    problem?.contains("'\(name)' is not a valid metric name") == true, "\(name): \(problem ?? "nil")")
            }
        }

        @Test func aMissingHelpTextIsAProblem() {
            #expect(counter("api_requests_total", help: "").problem == "api_requests_total needs a help text")
        }

        @Test func aCounterMustEndInTotalAndNothingElseMay() {
            #expect(counter("api_requests").problem == "counter api_requests must end in _total")
            #expect(gauge("api_open_total").problem == "only a counter's name ends in _total, not api_open_total's")
            #expect(
                histogram("api_duration_total").problem
                    == "only a counter's name ends in _total, not api_duration_total's")
        }

        @Test func anInvalidOrReservedLabelNameIsAProblemThatNamesIt() {
            for label in ["", "1a", "a-b", "a:b", "__name__", "__reserved"] {
                let problem = counter("api_requests_total", labels: ["route", label]).problem
                #expect(
                    problem?.contains("'\(label)' is not a valid label name") == true, "\(label): \(problem ?? "nil")")
            }
        }

        @Test func aLabelNameGivenTwiceIsAProblem() {
            let problem = counter("api_requests_total", labels: ["route", "status", "route"]).problem
            #expect(problem?.contains("label names repeat") == true, "\(problem ?? "nil")")
        }

        @Test func leAsAHistogramsOwnLabelIsAProblem() {
            #expect(histogram("api_duration_seconds", labels: ["route", "le"]).problem
                == "api_duration_seconds: le is the bucket label of a histogram")
        }

        @Test func bucketBoundsThatAreNotFiniteAndIncreasingAreAProblem() {
            for buckets in [[1, .infinity], [.nan], [-.infinity, 1], [2, 1], [1, 1], [0.1, 0.5, 0.25]] as [[Double]] {
                let problem = histogram("api_duration_seconds", buckets: buckets).problem
                #expect(problem?.contains("bucket bounds must be finite and increasing") == true, "\(buckets)")
            }
        }

        @Test func aHistogramTakesTheNamesOfItsThreeSampleLines() {
            #expect(histogram("x_seconds").sampleNames == ["x_seconds_bucket", "x_seconds_sum", "x_seconds_count"])
            #expect(counter("x_total").sampleNames == ["x_total"])
            #expect(gauge("x").sampleNames == ["x"])
        }

        @Test func definitionsAreEqualOnlyWhenEveryPartIs() {
            #expect(histogram("x_seconds") == histogram("x_seconds"))
            #expect(histogram("x_seconds") != histogram("x_seconds", buckets: [0.1, 2]))
            #expect(histogram("x_seconds") != histogram("x_seconds", labels: ["route"]))
            #expect(counter("x_total") != counter("x_total", help: "Other help."))
        }
    }
}
