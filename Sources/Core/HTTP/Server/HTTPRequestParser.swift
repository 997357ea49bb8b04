#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the bytes of one connection into requests (RFC 9112), knowing nothing about sockets.
///
/// Feed bytes with `append`, then call `next()` until it returns nil (more bytes needed). It yields each complete
/// request, or one framing error after which it yields nothing more: the connection must answer and close.
///
/// Decisions, each stricter than "be liberal in what you accept" because this server faces the internet:
/// - Lines end with CR LF; a bare LF or CR is rejected with 400 (RFC 9112 §2.2 allows either choice).
/// - Empty lines before a request line are skipped, within the request-line limit (RFC 9112 §2.2).
/// - Exactly one SP between the parts of the request line (RFC 9112 §3).
/// - No transfer coding is implemented, not even chunked: Transfer-Encoding is answered 501 (RFC 9112 §6.1 says
///   501 for codings a server does not understand), and 400 when Content-Length is present too (§6.1). A request
///   without Content-Length has an empty body (§6.3 rule 7), so 411 is never needed.
/// - Content-Length may repeat (or be a list) only with identical values (RFC 9110 §8.6); otherwise 400.
/// - Limits are checked while bytes arrive, so a peer can never make the buffer grow past them.
struct HTTPRequestParser {
    struct Limits: Sendable, Equatable {
        var maxRequestLineLength: Int
        var maxHeaderLineLength: Int
        var maxHeaderBytes: Int
        var maxHeaderCount: Int
        var maxBodyLength: Int
    }

    enum Event {
        case request(HTTPRequest, keepAlive: Bool)
        /// The head asked `Expect: 100-continue` and the body has not arrived: the server may send
        /// `100 Continue` (RFC 9110 §10.1.1). Yielded at most once per request.
        case continueExpected
        case failure(HTTPFramingError)
    }

    enum Phase: Equatable { case idle, head, body }

    let limits: Limits
    /// Bytes received and not yet consumed; index 0 is the start of the current request.
    private(set) var buffer: [UInt8] = []
    private var scanned = 0
    private var lineStart = 0
    private var requestLine: Range<Int>?
    private var headersStart = 0
    private var headerLines: [Range<Int>] = []
    private var head: Head?
    private var failed = false

    /// A parsed head waiting for its body.
    private struct Head {
        var method: String
        var target: String
        var path: String
        var query: String?
        var version: HTTPVersion
        var headers: HTTPHeaders
        var keepAlive: Bool
        var bodyStart: Int
        var bodyLength: Int
        var expectsContinue: Bool
    }

    init(limits: Limits) {
        self.limits = limits
    }

    /// Where the current request stands: nothing buffered, reading its head, or reading its body.
    var phase: Phase {
        if head != nil { return .body }
        return buffer.isEmpty ? .idle : .head
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    mutating func next() -> Event? {
        guard !failed else { return nil }
        if head == nil {
            switch scanHead() {
            case .incomplete: return nil
            case .failure(let error): return fail(error)
            case .complete(let headEnd):
                switch parseHead(headEnd: headEnd) {
                case .success(let parsed): head = parsed
                case .failure(let error): return fail(error)
                }
            }
        }
        guard var current = head else { return nil }
        let bodyEnd = current.bodyStart + current.bodyLength
        guard buffer.count >= bodyEnd else {
            if current.expectsContinue {
                current.expectsContinue = false
                head = current
                return .continueExpected
            }
            return nil
        }
        let body = current.bodyLength == 0 ? [] : Array(buffer[current.bodyStart..<bodyEnd])
        let request = HTTPRequest(
            method: current.method, target: current.target, path: current.path, query: current.query,
            version: current.version, headers: current.headers, body: body)
        consume(upTo: bodyEnd)
        return .request(request, keepAlive: current.keepAlive)
    }

    private mutating func fail(_ error: HTTPFramingError) -> Event {
        failed = true
        return .failure(error)
    }

    private mutating func consume(upTo end: Int) {
        if end == buffer.count {
            // Keep a modest buffer for the next request; give a large one (after a big body) back.
            if buffer.capacity > 64 * 1024 { buffer = [] } else { buffer.removeAll(keepingCapacity: true) }
        } else {
            buffer.removeSubrange(0..<end)
        }
        scanned = 0
        lineStart = 0
        requestLine = nil
        headersStart = 0
        headerLines.removeAll(keepingCapacity: true)
        head = nil
    }

    // MARK: - Head scanning: split lines as bytes arrive, enforcing the size limits early.

    private enum ScanResult {
        case incomplete
        case complete(headEnd: Int)
        case failure(HTTPFramingError)
    }

    private mutating func scanHead() -> ScanResult {
        let count = buffer.count
        while scanned < count {
            let found = buffer.withUnsafeBufferPointer { bytes -> Int? in
                guard let base = bytes.baseAddress,
                    let hit = memchr(base + scanned, Int32(UInt8(ascii: "\n")), count - scanned)
                else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            guard let lineFeed = found else {
                scanned = count
                break
            }
            // The checks made on an unfinished line (below) would have fired had the bytes before this LF arrived
            // without it; report the same error, so that how TCP splits the bytes never changes the answer.
            if let error = unfinishedLineError(bytesBeforeLineFeed: lineFeed) { return .failure(error) }
            guard lineFeed > lineStart, buffer[lineFeed - 1] == UInt8(ascii: "\r") else {
                return .failure(.bareLineFeed)
            }
            let line = lineStart..<(lineFeed - 1)
            lineStart = lineFeed + 1
            scanned = lineFeed + 1
            if requestLine == nil {
                if line.isEmpty {
                    // RFC 9112 §2.2: ignore empty lines before the request line, but not without bound.
                    if lineStart > limits.maxRequestLineLength { return .failure(.requestLineTooLong(limit: limits.maxRequestLineLength)) }
                    continue
                }
                if line.count > limits.maxRequestLineLength {
                    return .failure(.requestLineTooLong(limit: limits.maxRequestLineLength))
                }
                requestLine = line
                headersStart = lineStart
            } else if line.isEmpty {
                return .complete(headEnd: lineStart)
            } else {
                if line.count > limits.maxHeaderLineLength {
                    return .failure(.headerLineTooLong(limit: limits.maxHeaderLineLength))
                }
                headerLines.append(line)
                if headerLines.count > limits.maxHeaderCount {
                    return .failure(.tooManyHeaderFields(limit: limits.maxHeaderCount))
                }
                if lineStart - headersStart > limits.maxHeaderBytes {
                    return .failure(.headerSectionTooLarge(limit: limits.maxHeaderBytes))
                }
            }
        }
        if let error = unfinishedLineError(bytesBeforeLineFeed: count) { return .failure(error) }
        return .incomplete
    }

    /// An unfinished line fails as soon as it can no longer fit (+1 for a CR whose LF has not arrived, +2 for the
    /// section's final CR LF). With `end` bytes buffered and no LF in the current line, this is the error, if any,
    /// that the first failing prefix would have produced: each condition is monotonic in the byte count, so the one
    /// that becomes true at the smaller count wins (the line before the section on a tie).
    private func unfinishedLineError(bytesBeforeLineFeed end: Int) -> HTTPFramingError? {
        let lineLimit = requestLine == nil ? limits.maxRequestLineLength : limits.maxHeaderLineLength
        let lineFailsAt = lineStart + lineLimit + 2
        let sectionFailsAt = requestLine == nil ? Int.max : headersStart + limits.maxHeaderBytes + 3
        guard min(lineFailsAt, sectionFailsAt) <= end else { return nil }
        if lineFailsAt <= sectionFailsAt {
            return requestLine == nil
                ? .requestLineTooLong(limit: limits.maxRequestLineLength)
                : .headerLineTooLong(limit: limits.maxHeaderLineLength)
        }
        return .headerSectionTooLarge(limit: limits.maxHeaderBytes)
    }

    // MARK: - Head parsing

    private func parseHead(headEnd: Int) -> Result<Head, HTTPFramingError> {
        guard let requestLine else { return .failure(.malformedRequestLine) }
        return buffer.withUnsafeBufferPointer { bytes in
            parseHead(bytes, requestLine: requestLine, headEnd: headEnd)
        }
    }

    private func parseHead(
        _ bytes: UnsafeBufferPointer<UInt8>, requestLine: Range<Int>, headEnd: Int
    ) -> Result<Head, HTTPFramingError> {
        // RFC 9112 §3: request-line = method SP request-target SP HTTP-version
        guard let firstSpace = Self.index(of: UInt8(ascii: " "), in: bytes, requestLine),
            let secondSpace = Self.index(of: UInt8(ascii: " "), in: bytes, (firstSpace + 1)..<requestLine.upperBound)
        else { return .failure(.malformedRequestLine) }
        let methodBytes = requestLine.lowerBound..<firstSpace
        let targetBytes = (firstSpace + 1)..<secondSpace
        let versionBytes = (secondSpace + 1)..<requestLine.upperBound
        guard !methodBytes.isEmpty, methodBytes.allSatisfy({ Self.isTokenByte(bytes[$0]) }) else {
            return .failure(.invalidMethod)
        }
        guard let method = Self.knownMethod(bytes, methodBytes) else { return .failure(.methodNotImplemented) }
        guard !targetBytes.isEmpty else { return .failure(.malformedRequestLine) }

        // RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT (case-sensitive)
        guard versionBytes.count == 8,
            Self.equals(bytes, versionBytes.lowerBound..<(versionBytes.lowerBound + 5), "HTTP/"),
            Self.isDigit(bytes[versionBytes.lowerBound + 5]), bytes[versionBytes.lowerBound + 6] == UInt8(ascii: "."),
            Self.isDigit(bytes[versionBytes.lowerBound + 7])
        else { return .failure(.malformedVersion) }
        let version = HTTPVersion(
            major: Int(bytes[versionBytes.lowerBound + 5] - UInt8(ascii: "0")),
            minor: Int(bytes[versionBytes.lowerBound + 7] - UInt8(ascii: "0")))
        guard version == .http1_1 || version == .http1_0 else { return .failure(.unsupportedVersion) }

        guard let split = Self.validateTarget(bytes, targetBytes, method: method) else {
            return .failure(.invalidTarget)
        }

        var headers = HTTPHeaders()
        headers.fields.reserveCapacity(headerLines.count)
        var contentLength: Int?
        var sawTransferEncoding = false
        var hostCount = 0
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false
        for line in headerLines {
            // RFC 9112 §5.2: a line starting with whitespace continues the previous one (obs-fold); reject it.
            let first = bytes[line.lowerBound]
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { return .failure(.obsoleteLineFolding) }
            // RFC 9112 §5.1: no whitespace between field name and colon; the name is a token.
            guard let colon = Self.index(of: UInt8(ascii: ":"), in: bytes, line), colon > line.lowerBound,
                (line.lowerBound..<colon).allSatisfy({ Self.isTokenByte(bytes[$0]) })
            else { return .failure(.invalidFieldName) }
            var valueStart = colon + 1
            var valueEnd = line.upperBound
            while valueStart < valueEnd, Self.isWhitespace(bytes[valueStart]) { valueStart += 1 }
            while valueEnd > valueStart, Self.isWhitespace(bytes[valueEnd - 1]) { valueEnd -= 1 }
            guard Self.isValidFieldValue(bytes, valueStart..<valueEnd) else { return .failure(.invalidFieldValue) }
            let name = Self.string(bytes, line.lowerBound..<colon)
            let valueRange = valueStart..<valueEnd
            let value = Self.string(bytes, valueRange)

            switch colon - line.lowerBound {
            case 4 where Self.equalsLowercase(bytes, line.lowerBound..<colon, "host"):
                hostCount += 1
                guard valueRange.allSatisfy({ Self.isHostByte(bytes[$0]) }) else { return .failure(.invalidHost) }
            case 6 where Self.equalsLowercase(bytes, line.lowerBound..<colon, "expect"):
                if Self.equalsLowercase(bytes, valueRange, "100-continue") { expectsContinue = true }
            case 10 where Self.equalsLowercase(bytes, line.lowerBound..<colon, "connection"):
                Self.forEachListElement(bytes, valueRange) { element in
                    if Self.equalsLowercase(bytes, element, "close") { connectionClose = true }
                    if Self.equalsLowercase(bytes, element, "keep-alive") { connectionKeepAlive = true }
                }
            case 14 where Self.equalsLowercase(bytes, line.lowerBound..<colon, "content-length"):
                var invalid = false
                var conflicting = false
                Self.forEachListElement(bytes, valueRange, keepEmpty: true) { element in
                    guard let length = Self.decimal(bytes, element) else { invalid = true; return }
                    if let previous = contentLength, previous != length { conflicting = true }
                    contentLength = length
                }
                if invalid { return .failure(.invalidContentLength) }
                if conflicting { return .failure(.conflictingContentLength) }
            case 17 where Self.equalsLowercase(bytes, line.lowerBound..<colon, "transfer-encoding"):
                sawTransferEncoding = true
            default:
                break
            }
            headers.fields.append((name: name, value: value))
        }

        // RFC 9112 §6.1: Transfer-Encoding with Content-Length is a smuggling attempt or a broken proxy: 400.
        if sawTransferEncoding {
            return .failure(contentLength == nil ? .unsupportedTransferEncoding : .transferEncodingWithContentLength)
        }
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1; at most one in HTTP/1.0.
        if hostCount > 1 { return .failure(.multipleHosts) }
        if hostCount == 0, version == .http1_1 { return .failure(.missingHost) }
        let bodyLength = contentLength ?? 0
        if bodyLength > limits.maxBodyLength { return .failure(.contentTooLarge(limit: limits.maxBodyLength)) }

        // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
        let keepAlive = version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        return .success(
            Head(
                method: method, target: Self.string(bytes, targetBytes), path: split.path, query: split.query,
                version: version, headers: headers, keepAlive: keepAlive, bodyStart: headEnd, bodyLength: bodyLength,
                expectsContinue: expectsContinue && bodyLength > 0 && version == .http1_1))
    }

    // MARK: - Byte classes and helpers

    /// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    /// / DIGIT / ALPHA
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// RFC 3986 §3.3/§3.4: pchar, "/" and "?" (unreserved, sub-delims, ":", "@"); "%" is checked separately.
    static func isTargetByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"),
            UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
            UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: "?"):
            true
        default: false
        }
    }

    /// RFC 3986 §3.2.2 host (reg-name, IPv4, IP-literal in brackets) and ":" port.
    static func isHostByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "%")
            || (isTargetByte(byte) && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "?")
                && byte != UInt8(ascii: "@"))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 6
    }
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// The methods of RFC 9110 §9 and PATCH (RFC 5789), as static strings (no allocation). CONNECT is refused: this
    /// is not a proxy. Anything else is 501 (RFC 9110 §9.1).
    static func knownMethod(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        for (spelling, method) in knownMethods where equals(bytes, range, spelling) { return method }
        return nil
    }

    /// Each method's bytes to compare with, and the string to hand out (a literal: no allocation, no reference count).
    private static let knownMethods: [(StaticString, String)] = [
        ("GET", "GET"), ("HEAD", "HEAD"), ("POST", "POST"), ("PUT", "PUT"), ("DELETE", "DELETE"),
        ("OPTIONS", "OPTIONS"), ("PATCH", "PATCH"), ("TRACE", "TRACE"),
    ]

    /// Checks the request-target (RFC 9112 §3.2) and splits it into path and query.
    static func validateTarget(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, method: String
    ) -> (path: String, query: String?)? {
        guard !range.isEmpty else { return nil }
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                // RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG
                guard index + 2 < range.upperBound, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                    return nil
                }
                index += 3
                continue
            }
            guard isTargetByte(byte) else { return nil }
            index += 1
        }
        let first = bytes[range.lowerBound]
        if first == UInt8(ascii: "/") {
            return splitPathAndQuery(bytes, range)
        }
        if range.count == 1, first == UInt8(ascii: "*") {
            // RFC 9112 §3.2.4: asterisk-form only for OPTIONS.
            return method == "OPTIONS" ? ("*", nil) : nil
        }
        // RFC 9112 §3.2.2: a server MUST accept the absolute-form; we take http and https URIs.
        for scheme: StaticString in ["http://", "https://"] where range.count > scheme.utf8CodeUnitCount {
            let schemeRange = range.lowerBound..<(range.lowerBound + scheme.utf8CodeUnitCount)
            guard equalsLowercase(bytes, schemeRange, scheme) else { continue }
            let authorityStart = schemeRange.upperBound
            var pathStart = authorityStart
            while pathStart < range.upperBound, bytes[pathStart] != UInt8(ascii: "/"),
                bytes[pathStart] != UInt8(ascii: "?")
            {
                pathStart += 1
            }
            guard pathStart > authorityStart else { return nil }
            if pathStart == range.upperBound { return ("/", nil) }
            if bytes[pathStart] == UInt8(ascii: "?") {
                return ("/", string(bytes, (pathStart + 1)..<range.upperBound))
            }
            return splitPathAndQuery(bytes, pathStart..<range.upperBound)
        }
        return nil
    }

    static func splitPathAndQuery(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) -> (path: String, query: String?) {
        guard let mark = index(of: UInt8(ascii: "?"), in: bytes, range) else { return (string(bytes, range), nil) }
        return (string(bytes, range.lowerBound..<mark), string(bytes, (mark + 1)..<range.upperBound))
    }

    static func index(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// RFC 9110 §5.5: field-value is VCHAR, obs-text, SP and HTAB; NUL, CR, LF, DEL and other controls are invalid.
    ///
    /// Sixteen bytes at a time (one SSE2 or NEON compare of each kind) while no byte of a block is below 0x20 or
    /// equal to 0x7F, then byte by byte from the first block that has one, which also settles HTAB. A bearer JWT is
    /// a ~700-byte value: the byte loop alone was most of the parser's time for such a request, 8-byte words (SWAR)
    /// still 80 ns of it, blocks take 40.
    static func isValidFieldValue(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        if let base = bytes.baseAddress {
            let space = SIMD16<UInt8>(repeating: 0x20)
            let delete = SIMD16<UInt8>(repeating: 0x7F)
            while index &+ 16 <= range.upperBound {
                let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                if any((block .< space) .| (block .== delete)) { break }
                index &+= 16
            }
        }
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\t") || (byte >= 0x20 && byte != 0x7F) else { return false }
            index += 1
        }
        return true
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// ASCII case-insensitive comparison against a lowercase literal. (Literals as `StaticString`: a plain loop over
    /// two buffers; the generic `zip` over a `String`'s UTF-8 view cost more than the rest of a header line.)
    static func equalsLowercase(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ lowercase: StaticString
    ) -> Bool {
        guard range.count == lowercase.utf8CodeUnitCount else { return false }
        let literal = lowercase.utf8Start
        for offset in 0..<range.count {
            guard HTTPHeaders.lowercased(bytes[range.lowerBound + offset]) == literal[offset] else { return false }
        }
        return true
    }

    /// Exact comparison against a literal.
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let start = literal.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != start[offset] { return false }
        return true
    }

    /// Calls `body` for each element of a comma-separated list (RFC 9110 §5.6.1), trimmed of OWS. Empty elements are
    /// skipped unless `keepEmpty`.
    static func forEachListElement(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, keepEmpty: Bool = false, _ body: (Range<Int>) -> Void
    ) {
        var start = range.lowerBound
        while start <= range.upperBound {
            let end = index(of: UInt8(ascii: ","), in: bytes, start..<range.upperBound) ?? range.upperBound
            var lower = start
            var upper = end
            while lower < upper, isWhitespace(bytes[lower]) { lower += 1 }
            while upper > lower, isWhitespace(bytes[upper - 1]) { upper -= 1 }
            if lower < upper || keepEmpty { body(lower..<upper) }
            start = end + 1
        }
    }

    /// RFC 9110 §8.6: Content-Length = 1*DIGIT. Values past Int.max saturate (they exceed any body limit anyway).
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var value = 0
        for index in range {
            let byte = bytes[index]
            guard isDigit(byte) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            value = overflow1 || overflow2 ? Int.max : sum
        }
        return value
    }
}
