import Testing

@testable import Core

extension MetricsTests {
    /// The name rules (docs/metrics.md, "Names"): a metric name may hold colons, a label name may not, and label
    /// names starting with `__` belong to Prometheus.
    @Suite struct MetricNameTests {
        @Test func metricNamesMatchTheirPattern() {
            for name in ["a", "_a", "A_Z", "api_requests_total", "a1", "job:rate5m", ":a"] {
                #expect(MetricName.isValidMetricName(name), "\(name)")
            }
            for name in ["", "1a", "a-b", "a.b", "a b", "größe", "a{b}", "a\n"] {
                #expect(!MetricName.isValidMetricName(name), "\(name)")
            }
        }

        @Test func labelNamesMatchTheirPatternWithoutColonsOrALeadingDoubleUnderscore() {
            for name in ["a", "_", "_a", "route", "status_code", "le", "a1"] {
                #expect(MetricName.isValidLabelName(name), "\(name)")
            }
            for name in ["", "1a", "a:b", ":a", "a-b", "__name__", "__a", "é"] {
                #expect(!MetricName.isValidLabelName(name), "\(name)")
            }
        }
    }
}
