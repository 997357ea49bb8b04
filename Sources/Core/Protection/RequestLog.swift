#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the API's one-line-per-request log goes: standard error by default, a closure in tests.
///
/// Lines never hold a token, a secret or an assertion; a token appears only as its `TokenDigest.fingerprint`.
/// `request` takes that fingerprint as a string, never the token.
public struct RequestLog: Sendable {
    private let write: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Each line with one `write(2)` to file descriptor 2, so lines from concurrent requests never interleave.
    public static let standardError = RequestLog { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc_or_Darwin_write(2, base + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Discards everything.
    public static let silent = RequestLog { _ in }

    public func callAsFunction(_ line: String) { write(line) }

    /// `GET /api/private 200 0.12ms cache=hit token=1a2b3c4d`: method, path, status, duration, how the token was
    /// checked (`hit`, `miss`, `shared` or `-` for routes without one) and the token's fingerprint.
    public func request(
        method: String, path: String, status: Int, duration: Duration, cache: String?, token fingerprint: String?
    ) {
        var line = ""
        line.reserveCapacity(96)
        line += Self.printable(method, limit: 16)
        line += " "
        line += Self.printable(path, limit: 256)
        line += " "
        line += String(status)
        line += " "
        line += Self.milliseconds(duration)
        line += " cache="
        line += cache ?? "-"
        if let fingerprint {
            line += " token="
            line += fingerprint
        }
        write(line)
    }

    /// Request fields come from the network: keep them on one line and short.
    static func printable(_ text: String, limit: Int) -> String {
        // The usual case, checked without building a new string: short printable ASCII.
        if text.utf8.count <= limit, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(limit) {
            out.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
        }
        return String(out) + (text.unicodeScalars.count > limit ? "…" : "")
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction + "ms"
    }
}

#if canImport(Glibc)
private let Glibc_or_Darwin_write = Glibc.write
#else
private let Glibc_or_Darwin_write = Darwin.write
#endif
