#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the API's one-line-per-request log goes: standard error by default, a closure in tests.
///
/// Lines never hold a token, a secret or an assertion; a token appears only as its `TokenFingerprint` digits.
public struct RequestLog: Sendable {
    private enum Sink: Sendable {
        case closure(@Sendable (String) -> Void)
        case fileDescriptor(Int32)
    }

    private let sink: Sink

    /// Each line goes to `write` without its line feed.
    public init(_ write: @escaping @Sendable (String) -> Void) {
        sink = .closure(write)
    }

    /// Each line with its line feed in one `write(2)` to `descriptor`, so that lines from concurrent requests never
    /// interleave (tests use a pipe).
    init(fileDescriptor descriptor: Int32) {
        sink = .fileDescriptor(descriptor)
    }

    /// Standard error, a line per `write(2)`.
    public static let standardError = RequestLog(fileDescriptor: 2)

    /// Discards everything.
    public static let silent = RequestLog { _ in }

    public func callAsFunction(_ line: String) {
        write(Array(line.utf8))
    }

    /// `GET /api/private 200 0.012ms cache=hit token=1a2b3c4d`: method, path, status, duration, how the token was
    /// checked (`hit`, `miss`, `shared`, …, or `-` when no token was looked at) and the token's fingerprint digits.
    public func request(
        method: String, path: String, status: Int, duration: Duration, cache: String?, token fingerprint: String?
    ) {
        // The line's bytes in one array, sized once: this runs for every request, and assembling it by String
        // concatenation was a tenth of a cached request's cost in the handler (`ProtectedAPIBench`).
        var line: [UInt8] = []
        line.reserveCapacity(128)
        line += Self.printable(method, limit: 16).utf8
        line.append(UInt8(ascii: " "))
        line += Self.printable(path, limit: 256).utf8
        line.append(UInt8(ascii: " "))
        line += String(status).utf8
        line.append(UInt8(ascii: " "))
        line += Self.milliseconds(duration).utf8
        line += " cache=".utf8
        line += (cache ?? "-").utf8
        if let fingerprint {
            line += " token=".utf8
            line += fingerprint.utf8
        }
        write(line)
    }

    /// One line when the shared cache goes away and one when it is back, never one per request: the guard reports
    /// each change once (`TokenGuardEvent`). Other events are for metrics and write nothing.
    public func sharedCacheChange(_ event: TokenGuardEvent) {
        switch event {
        case .sharedCacheUnavailable(let reason):
            self("shared cache unavailable, carrying on with this process's cache and ZITADEL: \(reason)")
        case .sharedCacheAvailable:
            self("shared cache available again")
        default:
            break
        }
    }

    private func write(_ line: [UInt8]) {
        switch sink {
        case .closure(let write):
            write(String(decoding: line, as: UTF8.self))
        case .fileDescriptor(let descriptor):
            var line = line
            line.append(UInt8(ascii: "\n"))
            line.withUnsafeBytes { Self.writeAll($0, to: descriptor) }
        }
    }

    /// Request fields come from the network: keep them on one line and short.
    static func printable(_ text: String, limit: Int) -> String {
        // The usual case, over the string's own bytes: short printable ASCII, taken as it is.
        let isPlain = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= limit && bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
        if isPlain == true { return text }
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
