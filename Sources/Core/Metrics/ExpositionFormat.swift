/// The pieces of Prometheus' text exposition format 0.0.4 that need care: escaping and numbers
/// (docs/metrics.md, "Text format"). Pure functions, so that each rule is tested on its own.
enum ExpositionFormat {
    /// What a scraper reads to know the format (docs/metrics.md, "Text format").
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// A label value between its double quotes: `\` as `\\`, `"` as `\"`, a line feed as `\n`.
    static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == 0x0A })
        else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 4)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A `# HELP` text: `\` as `\\` and a line feed as `\n`; a double quote stays as it is.
    static func escapeHelp(_ help: String) -> String {
        var out = ""
        for character in help.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A sample value or bucket bound: `NaN`, `+Inf`, `-Inf`; a whole number without a fraction (`3`, as
    /// Prometheus' Go client writes it, rather than Swift's `3.0`); anything else in Swift's shortest form that
    /// reads back to the same `Double` (`0.005`, `1e-05`), which Go's `ParseFloat` reads too.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        // From 2^53 on every Double is a whole number, and Swift's exponent form (`1e+16`) is shorter than its digits.
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return value.description
    }

    /// `a="x",b="y"` for the given names and values (already checked to be as many); empty without labels.
    static func labelPairs(_ names: [String], _ values: [String]) -> String {
        var out = ""
        for (index, name) in names.enumerated() {
            if index > 0 { out += "," }
            out += name + "=\"" + escapeLabelValue(values[index]) + "\""
        }
        return out
    }

    /// `{pairs}`, or nothing for a series without labels (the braces are optional then, and left out).
    static func braced(_ pairs: String) -> String {
        pairs.isEmpty ? "" : "{" + pairs + "}"
    }
}
