#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the API's one-line-per-request log goes: standard error by default, a closure in tests.
///
/// Lines never hold a token, a secret or an assertion; a token appears only as its `TokenFingerprint` digits.
public struct RequestLog: Sendable {
    private let write: @Sendable (String) -> Void

    /// Each line goes to `write` without its line feed.
    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Each line with its line feed in one `write(2)` to `descriptor`, so that lines from concurrent requests never
    /// interleave (tests use a pipe).
    init(fileDescriptor descriptor: Int32) {
        write = { line in
            var text = line + "\n"
            text.withUTF8 { Self.writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
        }
    }

    /// Standard error, a line per `write(2)`.
    public static let standardError = RequestLog(fileDescriptor: 2)

    /// Discards everything.
    public static let silent = RequestLog { _ in }

    public func callAsFunction(_ line: String) {
        write(line)
    }

    /// `GET /api/private 200 0.012ms cache=hit token=1a2b3c4d`: method, path, status, duration, how the token was
    /// checked (`hit`, `miss`, `shared`, or `-` when no token was looked at) and the token's fingerprint digits.
    public func request(
        method: String, path: String, status: Int, duration: Duration, cache: String?, token fingerprint: String?
    ) {
        var line = Self.printable(method, limit: 16) + " " + Self.printable(path, limit: 256)
        line += " \(status) \(Self.milliseconds(duration)) cache=\(cache ?? "-")"
        if let fingerprint { line += " token=\(fingerprint)" }
        write(line)
    }

    /// Request fields come from the network: keep them on one line and short.
    static func printable(_ text: String, limit: Int) -> String {
        if text.utf8.count <= limit, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(limit) {
            out.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
        }
        return String(out) + (text.unicodeScalars.count > limit ? "…" : "")
    }

    /// `1.234ms`: whole microseconds, as milliseconds with three decimals. Wrapping arithmetic: a nonsensical
    /// duration prints a wrong number, never traps.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = UInt64(clamping: seconds) &* 1_000_000 &+ UInt64(clamping: attoseconds / 1_000_000_000_000)
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction + "ms"
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            #else
            let written = Darwin.write(descriptor, base + offset, bytes.count - offset)
            #endif
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
