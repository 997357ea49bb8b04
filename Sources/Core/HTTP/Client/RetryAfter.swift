import Foundation

/// The `Retry-After` header (RFC 9110 §10.2.3): how long a server asks its client to wait before the next request,
/// as a number of seconds (`120`) or an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`).
public enum RetryAfter {
    /// The wait `value` asks for, counted from `now`: nil when there is no value or it is neither form; zero when the
    /// date has passed. A wait longer than `maximum` is cut to it, so that a broken or hostile header cannot stop a
    /// client for days.
    public static func delay(_ value: String?, now: Date, maximum: Duration = .seconds(3600)) -> Duration? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let wait: Duration
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // delay-seconds = 1*DIGIT; a number too large for Int is as good as "very long".
            wait = Int(text).map { .seconds($0) } ?? maximum
        } else if let date = httpDate(text, now: now) {
            let seconds = date.timeIntervalSince(now)
            wait = seconds <= 0 ? .zero : .milliseconds(Int64(min(seconds, 1e9) * 1000))
        } else {
            return nil
        }
        return min(wait, maximum)
    }

    /// Whole seconds to put in a `Retry-After` of our own: `duration` rounded up, at least 1.
    public static func seconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(clamping: seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// An HTTP-date in any of the three forms a recipient must accept (RFC 9110 §5.6.7): IMF-fixdate
    /// `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850 form `Sunday, 06-Nov-94 08:49:37 GMT`, and asctime's
    /// `Sun Nov  6 08:49:37 1994`. All are in UTC.
    static func httpDate(_ text: String, now: Date) -> Date? {
        let parts = text.split(whereSeparator: { " ,-:".contains($0) }).map(String.init)
        var components = DateComponents()
        switch parts.count {
        case 8 where parts[7] == "GMT":  // IMF-fixdate or RFC 850
            components.day = Int(parts[1])
            components.month = month(parts[2])
            components.year = Int(parts[3]).map { parts[3].count == 2 ? twoDigitYear($0, now: now) : $0 }
            (components.hour, components.minute, components.second) = (Int(parts[4]), Int(parts[5]), Int(parts[6]))
        case 7:  // asctime
            components.month = month(parts[1])
            components.day = Int(parts[2])
            (components.hour, components.minute, components.second) = (Int(parts[3]), Int(parts[4]), Int(parts[5]))
            components.year = Int(parts[6])
        default:
            return nil
        }
        guard let day = components.day, (1...31).contains(day), components.month != nil,
            let year = components.year, (1900...9999).contains(year),
            let hour = components.hour, (0...23).contains(hour), let minute = components.minute, (0...59).contains(minute),
            let second = components.second, (0...60).contains(second)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: components)
    }

    private static func month(_ name: String) -> Int? {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return names.firstIndex(of: name).map { $0 + 1 }
    }

    /// RFC 9110 §5.6.7: a two-digit year that would lie more than 50 years ahead is in the past century.
    private static func twoDigitYear(_ year: Int, now: Date) -> Int {
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: now)
        let candidate = thisYear - thisYear % 100 + year
        return candidate > thisYear + 50 ? candidate - 100 : candidate
    }
}
