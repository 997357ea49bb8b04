/// The rules for metric and label names (docs/metrics.md, "Names"). Names are written in the code, so a bad one is
/// a programming error: registration stops on it at once (`MetricsRegistry`), instead of producing output that a
/// scraper rejects as a whole.
enum MetricName {
    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func isValidMetricName(_ name: String) -> Bool {
        isValid(name, allowsColon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, and not starting with `__` (reserved for Prometheus itself).
    static func isValidLabelName(_ name: String) -> Bool {
        isValid(name, allowsColon: false) && !name.hasPrefix("__")
    }

    private static func isValid(_ name: String, allowsColon: Bool) -> Bool {
        guard !name.isEmpty else { return false }
        for (index, byte) in name.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9") where index > 0:
                continue
            case UInt8(ascii: ":") where allowsColon:
                continue
            default:
                return false
            }
        }
        return true
    }
}
