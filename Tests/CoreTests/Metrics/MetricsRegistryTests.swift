import Foundation
import Testing
import TestSupport

@testable import Core

extension MetricsTests {
    /// What the registry writes for a scraper, byte for byte (docs/metrics.md, "Text format"), and what registering
    /// twice gives. The expected texts are multi-line literals that end in an empty line: the exposition's last
    /// line ends with a line feed too.
    @Suite struct MetricsRegistryTests {
        @Test func aCounterIsWrittenWithHelpTypeAndOneLinePerSeries() {
            let registry = MetricsRegistry()
            let requests = registry.counter(
                "api_requests_total", help: "Requests answered.", labels: ["route", "status"])
            requests.labels("/api/public", "200").increment(by: 3)
            requests.labels("/api/private", "401").increment()
            #expect(registry.exposition() == #"""
                # HELP api_requests_total Requests answered.
                # TYPE api_requests_total counter
                api_requests_total{route="/api/private",status="401"} 1
                api_requests_total{route="/api/public",status="200"} 3

                """#)
        }

        @Test func aGaugeIsWrittenWithItsNumberFormatted() {
            let registry = MetricsRegistry()
            let ratio = registry.gauge("api_ratio", help: "A ratio.", labels: ["kind"])
            ratio.labels("a").set(0.25)
            ratio.labels("b").set(0.00001)
            ratio.labels("c").set(.infinity)
            ratio.labels("d").set(.nan)
            ratio.labels("e").set(-.infinity)
            ratio.labels("f").set(3)
            #expect(registry.exposition() == #"""
                # HELP api_ratio A ratio.
                # TYPE api_ratio gauge
                api_ratio{kind="a"} 0.25
                api_ratio{kind="b"} 1e-05
                api_ratio{kind="c"} +Inf
                api_ratio{kind="d"} NaN
                api_ratio{kind="e"} -Inf
                api_ratio{kind="f"} 3

                """#)
        }

        @Test func aHistogramIsWrittenAsCumulativeBucketsThenSumAndCount() {
            let registry = MetricsRegistry()
            let latency = registry.histogram(
                "api_duration_seconds", help: "Time to answer.", buckets: [0.25, 1], labels: ["route"])
            latency.labels("/a").observe(0.25)
            latency.labels("/a").observe(0.5)
            latency.labels("/a").observe(3)
            latency.labels("/b").observe(0.1)
            #expect(registry.exposition() == #"""
                # HELP api_duration_seconds Time to answer.
                # TYPE api_duration_seconds histogram
                api_duration_seconds_bucket{route="/a",le="0.25"} 1
                api_duration_seconds_bucket{route="/a",le="1"} 2
                api_duration_seconds_bucket{route="/a",le="+Inf"} 3
                api_duration_seconds_sum{route="/a"} 3.75
                api_duration_seconds_count{route="/a"} 3
                api_duration_seconds_bucket{route="/b",le="0.25"} 1
                api_duration_seconds_bucket{route="/b",le="1"} 1
                api_duration_seconds_bucket{route="/b",le="+Inf"} 1
                api_duration_seconds_sum{route="/b"} 0.1
                api_duration_seconds_count{route="/b"} 1

                """#)
        }

        @Test func labelValuesAndHelpTextAreEscaped() {
            let registry = MetricsRegistry()
            registry.counter("x_total", help: #"Counts "things" in C:\dir,"# + "\nper line.", labels: ["path"])
                .labels(#"C:\a "b""# + "\nc").increment()
            #expect(registry.exposition() == #"""
                # HELP x_total Counts "things" in C:\\dir,\nper line.
                # TYPE x_total counter
                x_total{path="C:\\a \"b\"\nc"} 1

                """#)
        }

        @Test func familiesAreWrittenInOrderOfTheirNames() {
            let registry = MetricsRegistry()
            registry.gauge("c_value", help: "C.").set(1)
            _ = registry.counter("a_total", help: "A.")
            _ = registry.histogram("b_seconds", help: "B.", buckets: [1])
            let typeLines = registry.exposition().split(separator: "\n").filter { $0.hasPrefix("# TYPE") }
            #expect(typeLines == ["# TYPE a_total counter", "# TYPE b_seconds histogram", "# TYPE c_value gauge"])
        }

        @Test func withoutLabelsEachTypeShowsZeroFromTheStart() {
            // A scraper sees the series before the first event, so a rate over the first increment is right.
            let registry = MetricsRegistry()
            _ = registry.counter("x_total", help: "X.")
            _ = registry.gauge("y", help: "Y.")
            _ = registry.histogram("z_seconds", help: "Z.", buckets: [0.5])
            #expect(registry.exposition() == #"""
                # HELP x_total X.
                # TYPE x_total counter
                x_total 0
                # HELP y Y.
                # TYPE y gauge
                y 0
                # HELP z_seconds Z.
                # TYPE z_seconds histogram
                z_seconds_bucket{le="0.5"} 0
                z_seconds_bucket{le="+Inf"} 0
                z_seconds_sum 0
                z_seconds_count 0

                """#)
        }

        @Test func aLabelledFamilyIsAbsentUntilItsFirstSeries() {
            // Without label values there is no series to show, and a HELP/TYPE with no samples would be noise.
            let registry = MetricsRegistry()
            let requests = registry.counter("x_total", help: "X.", labels: ["route"])
            _ = registry.gauge("y", help: "Y.", labels: ["kind"])
            _ = registry.histogram("z_seconds", help: "Z.", labels: ["route"])
            #expect(registry.exposition() == "")
            _ = requests.labels("/a")
            #expect(registry.exposition() == "# HELP x_total X.\n# TYPE x_total counter\nx_total{route=\"/a\"} 0\n")
        }

        @Test func anEmptyRegistryWritesNothing() {
            #expect(MetricsRegistry().exposition() == "")
        }

        @Test func registeringTheSameDefinitionAgainReturnsTheSameMetric() {
            let registry = MetricsRegistry()
            let family = registry.counter("x_total", help: "X.", labels: ["route"])
            #expect(registry.counter("x_total", help: "X.", labels: ["route"]) === family)
            let latency = registry.histogram("y_seconds", help: "Y.", buckets: [1, 2], labels: ["route"])
            #expect(registry.histogram("y_seconds", help: "Y.", buckets: [1, 2], labels: ["route"]) === latency)
            let counter = registry.counter("z_total", help: "Z.")
            #expect(registry.counter("z_total", help: "Z.") === counter)
            let gauge = registry.gauge("w", help: "W.")
            #expect(registry.gauge("w", help: "W.") === gauge)

            counter.increment()
            family.labels("/a").increment()
            // Each family once; y_seconds has labels and no series yet, so it is not shown.
            let typeLines = registry.exposition().split(separator: "\n").filter { $0.hasPrefix("# TYPE") }
            #expect(typeLines == ["# TYPE w gauge", "# TYPE x_total counter", "# TYPE z_total counter"])
            #expect(registry.exposition().contains("\nz_total 1\n"))
        }

        /// `promtool check metrics` (Debian's `prometheus` package) parses the text as Prometheus does and lints it;
        /// exit 0 means it found nothing to complain about.
        @Test(
            .enabled(
                if: ExternalTool.isUsable("promtool"), "needs promtool (./run-tests installs Debian's prometheus)"))
        func promtoolAcceptsEveryTypeWithEscapedLabelsAndHelp() async throws {
            let registry = MetricsRegistry()
            let requests = registry.counter(
                "app_requests_total", help: #"Requests answered, by "route" (C:\style) and"# + "\nstatus.",
                labels: ["route", "status"])
            requests.labels(#"/a\b "quoted""# + "\nnext", "200").increment(by: 3)
            requests.labels("/grüße", "404").increment()
            registry.gauge("app_temperature_celsius", help: "A gauge set by the program.").set(0.00001)
            registry.gauge("app_open_connections", help: "A gauge read at the scrape.") { 7 }
            let latency = registry.histogram(
                "app_request_duration_seconds", help: "Time to answer.",
                buckets: Histogram.exponentialBuckets(start: 0.0001, factor: 2, count: 16), labels: ["route"])
            latency.labels("/a").observe(.milliseconds(3))
            latency.labels("/a").observe(20)
            _ = registry.histogram("app_idle_seconds", help: "Unlabelled, never observed.")

            let text = registry.exposition()
            // Waiting for a child process blocks: off the cooperative pool, which other tests need meanwhile.
            let (status, output) = try await offCooperativePool { try ExternalTool.promtoolCheck(text) }
            #expect(status == 0, "promtool: \(output)\n\(text)")
        }
    }
}
