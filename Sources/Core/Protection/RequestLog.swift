#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the API's one-line-per-request log goes: standard error by default, a closure in tests.
///
/// Lines never hold a token, a secret or an assertion; a token appears only as its `TokenDigest.fingerprint`.
/// `request` takes that fingerprint as a string, never the token.
///
/// Speed: `request` runs on the event loop for every request, so it assembles the line in stack memory, byte by byte,
/// and hands it to `write(2)` without building a `String` (for a cached request that was the largest cost after the
/// syscalls: `swift run -c release ProtectedAPIBench`).
public struct RequestLog: Sendable {
    private enum Sink: Sendable {
        case fileDescriptor(Int32)
        case closure(@Sendable (String) -> Void)
    }

    private let sink: Sink

    /// Each line goes to `write` without its line feed.
    public init(_ write: @escaping @Sendable (String) -> Void) {
        sink = .closure(write)
    }

    /// Lines go to `descriptor`, one `write(2)` each (tests use a pipe).
    init(fileDescriptor: Int32) {
        sink = .fileDescriptor(fileDescriptor)
    }

    /// Each line with one `write(2)` to file descriptor 2, so lines from concurrent requests never interleave.
    public static let standardError = RequestLog(fileDescriptor: 2)

    /// Discards everything.
    public static let silent = RequestLog { _ in }

    public func callAsFunction(_ line: String) {
        switch sink {
        case .closure(let write):
            write(line)
        case .fileDescriptor(let descriptor):
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            bytes.withUnsafeBytes { Self.writeAll($0, to: descriptor) }
        }
    }

    /// `GET /api/private 200 0.012ms cache=hit token=1a2b3c4d`: method, path, status, duration, how the token was
    /// checked (`hit`, `miss`, `shared` or `-` for routes without one) and the token's fingerprint.
    public func request(
        method: String, path: String, status: Int, duration: Duration, cache: String?, token fingerprint: String?
    ) {
        request(
            method: method, path: path, status: status, duration: duration, cache: cache,
            token: fingerprint.map(TokenName.fingerprint) ?? .absent)
    }

    /// The same line, with the fingerprint given as `TokenDigest.fingerprintBits` (the cache's hits keep only those):
    /// the 8 hex digits are written straight into the line.
    func request(
        method: String, path: String, status: Int, duration: Duration, cache: String?, fingerprintBits: UInt32
    ) {
        request(
            method: method, path: path, status: status, duration: duration, cache: cache,
            token: .fingerprintBits(fingerprintBits))
    }

    private enum TokenName {
        case absent
        case fingerprint(String)
        case fingerprintBits(UInt32)
    }

    private func request(
        method: String, path: String, status: Int, duration: Duration, cache: String?, token: TokenName
    ) {
        // The longest line: a method of 16 four-byte scalars and "…", a path of 256 and "…", 20 digits of status and
        // of microseconds, and the rest; `LogLine` stops at its capacity anyway, so an unusual caller cannot overrun.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.lineCapacity) { buffer in
            var line = LogLine(buffer)
            line.appendPrintable(method, limit: 16)
            line.append(UInt8(ascii: " "))
            line.appendPrintable(path, limit: 256)
            line.append(UInt8(ascii: " "))
            line.appendDecimal(status)
            line.append(UInt8(ascii: " "))
            line.appendMilliseconds(duration)
            line.append(" cache=")
            line.append(cache ?? "-")
            switch token {
            case .absent:
                break
            case .fingerprint(let fingerprint):
                line.append(" token=")
                line.append(fingerprint)
            case .fingerprintBits(let bits):
                line.append(" token=")
                line.appendFingerprint(bits)
            }
            switch sink {
            case .closure(let write):
                write(String(decoding: line.bytes, as: UTF8.self))
            case .fileDescriptor(let descriptor):
                line.append(UInt8(ascii: "\n"))
                Self.writeAll(UnsafeRawBufferPointer(line.bytes), to: descriptor)
            }
        }
    }

    static let lineCapacity = 1_536

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc_or_Darwin_write(descriptor, base + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Request fields come from the network: keep them on one line and short.
    static func printable(_ text: String, limit: Int) -> String {
        // The usual case, checked without building a new string: short printable ASCII.
        if text.utf8.count <= limit, text.utf8.allSatisfy(isPrintableASCII) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(limit) {
            out.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
        }
        return String(out) + (text.unicodeScalars.count > limit ? "…" : "")
    }

    static func isPrintableASCII(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }

    static func milliseconds(_ duration: Duration) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var line = LogLine(buffer)
            line.appendMilliseconds(duration)
            return String(decoding: line.bytes, as: UTF8.self)
        }
    }
}

/// One log line being assembled in caller-provided memory. Every append stops at the capacity, so the worst a
/// too-long field can do is shorten the line.
private struct LogLine {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[..<count]) }

    mutating func append(_ byte: UInt8) {
        guard count < buffer.count else { return }
        buffer[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let length = min(bytes.count, buffer.count - count)
        guard length > 0, let source = bytes.baseAddress else { return }
        (buffer.baseAddress! + count).update(from: source, count: length)
        count += length
    }

    mutating func append(_ text: String) {
        // Native strings are contiguous UTF-8; anything else (bridged, on Darwin) is copied once.
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            Array(text.utf8).withUnsafeBufferPointer { append($0) }
        }
    }

    /// `text` when it is short printable ASCII (every well-formed request), else `RequestLog.printable`'s copy.
    mutating func appendPrintable(_ text: String, limit: Int) {
        let done = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.count <= limit, bytes.allSatisfy(RequestLog.isPrintableASCII) else { return false }
            append(bytes)
            return true
        }
        if done != true { append(RequestLog.printable(text, limit: limit)) }
    }

    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude), minimumCount: 1)
    }

    /// `1.234ms`: whole microseconds, as milliseconds with three decimals.
    mutating func appendMilliseconds(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        // Wrapping arithmetic: a nonsensical duration prints a wrong number, never traps.
        let microseconds = UInt64(clamping: seconds) &* 1_000_000 &+ UInt64(clamping: attoseconds / 1_000_000_000_000)
        appendDigits(microseconds / 1000, minimumCount: 1)
        append(UInt8(ascii: "."))
        appendDigits(microseconds % 1000, minimumCount: 3)
        append(UInt8(ascii: "m"))
        append(UInt8(ascii: "s"))
    }

    /// The fingerprint of `bits`, spelt as `TokenDigest.fingerprint(bits:)` spells it.
    mutating func appendFingerprint(_ bits: UInt32) {
        for index in 0..<TokenDigest.fingerprintLength { append(TokenDigest.fingerprintDigit(bits, at: index)) }
    }

    /// `value` in decimal, left-padded with zeros to `minimumCount` digits; nothing if it does not fit.
    private mutating func appendDigits(_ value: UInt64, minimumCount: Int) {
        var digitCount = 1
        var power: UInt64 = 10
        while digitCount < 20, value >= power {  // UInt64.max has 20 digits
            digitCount += 1
            power &*= 10
        }
        let total = max(digitCount, minimumCount)
        guard total <= buffer.count - count else { return }
        var rest = value
        for index in stride(from: count + total - 1, through: count, by: -1) {
            buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += total
    }
}

#if canImport(Glibc)
private let Glibc_or_Darwin_write = Glibc.write
#else
private let Glibc_or_Darwin_write = Darwin.write
#endif
