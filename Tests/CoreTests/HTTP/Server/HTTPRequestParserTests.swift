import Testing

@testable import Core

@Suite struct HTTPRequestParserTests {
    static let limits = HTTPRequestParser.Limits(
        maxRequestLineLength: 64, maxHeaderLineLength: 32, maxHeaderBytes: 100, maxHeaderCount: 4, maxBodyLength: 10)

    /// Feeds `raw` in one piece and collects every event until the parser needs more bytes.
    static func events(_ raw: String, limits: HTTPRequestParser.Limits = limits) -> [HTTPRequestParser.Event] {
        var parser = HTTPRequestParser(limits: limits)
        parser.append(Array(raw.utf8))
        var events: [HTTPRequestParser.Event] = []
        while let event = parser.next() { events.append(event) }
        return events
    }

    static func request(_ raw: String) throws -> (HTTPRequest, Bool) {
        let events = events(raw)
        guard events.count == 1, case .request(let request, let keepAlive) = events[0] else {
            Issue.record("expected one request, got \(events)")
            throw CancellationError()
        }
        return (request, keepAlive)
    }

    static func failure(_ raw: String, limits: HTTPRequestParser.Limits = limits) -> HTTPFramingError? {
        for event in events(raw, limits: limits) {
            if case .failure(let error) = event { return error }
        }
        return nil
    }

    @Test func parsesARequestLineHeadersAndBody() throws {
        let (request, keepAlive) = try Self.request(
            "POST /api/x?a=1&b=2 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nX-Empty:\r\nX-Pad: \t v \t\r\n\r\nhello")
        #expect(request.method == "POST")
        #expect(request.target == "/api/x?a=1&b=2")
        #expect(request.path == "/api/x")
        #expect(request.query == "a=1&b=2")
        #expect(request.version == .http1_1)
        #expect(request.headers["host"] == "example.com")
        #expect(request.headers["X-Empty"] == "")
        #expect(request.headers["x-pad"] == "v")
        #expect(request.body == Array("hello".utf8))
        #expect(keepAlive)
    }

    @Test func yieldsPipelinedRequestsInOrder() {
        let events = Self.events(
            "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nokGET /3 HTTP/1.1\r\nHost: x\r\n\r\n")
        let paths = events.compactMap { event -> String? in
            if case .request(let request, _) = event { return request.path }
            return nil
        }
        #expect(paths == ["/1", "/2", "/3"])
    }

    /// The same bytes split at every possible point give the same request.
    @Test func byteAtATimeGivesTheSameRequest() {
        let raw = Array("PUT /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc".utf8)
        var parser = HTTPRequestParser(limits: Self.limits)
        var requests: [HTTPRequest] = []
        for byte in raw {
            parser.append([byte])
            while let event = parser.next() {
                if case .request(let request, _) = event { requests.append(request) }
            }
        }
        #expect(requests.count == 1)
        #expect(requests.first?.body == Array("abc".utf8))
        #expect(parser.phase == .idle)
    }

    @Test func reportsItsPhase() {
        var parser = HTTPRequestParser(limits: Self.limits)
        #expect(parser.phase == .idle)
        parser.append(Array("POST / HTTP/1.1\r\nHost: x\r\n".utf8))
        #expect(parser.next() == nil)
        #expect(parser.phase == .head)
        parser.append(Array("Content-Length: 2\r\n\r\na".utf8))
        #expect(parser.next() == nil)
        #expect(parser.phase == .body)
    }

    /// RFC 9112 §2.2: empty lines before the request line are ignored.
    @Test func skipsEmptyLinesBeforeTheRequestLine() throws {
        let (request, _) = try Self.request("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(request.path == "/")
    }

    @Test func acceptsRepeatedIdenticalContentLength() throws {
        let (request, _) = try Self.request("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\ncontent-length: 2, 2\r\n\r\nok")
        #expect(request.body == Array("ok".utf8))
    }

    @Test func absoluteFormTargetYieldsThePath() throws {
        let (request, _) = try Self.request("GET http://example.com/a/b?q HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(request.path == "/a/b")
        #expect(request.query == "q")
        let (bare, _) = try Self.request("GET https://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(bare.path == "/")
    }

    /// The methods of RFC 9110 §9 and PATCH, compared byte for byte (case-sensitive, RFC 9110 §9.1).
    @Test(arguments: ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"])
    func knowsEachMethod(method: String) throws {
        let (request, _) = try Self.request("\(method) / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(request.method == method)
    }

    /// Field names and the absolute-form's scheme compare case-insensitively (RFC 9110 §5.1, RFC 3986 §3.1).
    @Test func matchesFieldNamesAndSchemesInAnyCase() throws {
        let (request, keepAlive) = try Self.request(
            "POST HTTPS://example.com/p HTTP/1.1\r\nHOST: example.com\r\nCONTENT-LENGTH: 2\r\n"
                + "CoNnEcTiOn: CLOSE\r\n\r\nok")
        #expect(request.path == "/p")
        #expect(request.body == Array("ok".utf8))
        #expect(!keepAlive)
        let chunked = "GET / HTTP/1.1\r\nHost: x\r\nTRANSFER-ENCODING: chunked\r\n\r\n"
        #expect(Self.failure(chunked) == .unsupportedTransferEncoding)
    }

    @Test func asteriskFormOnlyForOptions() throws {
        let (request, _) = try Self.request("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(request.path == "*")
        #expect(Self.failure("GET * HTTP/1.1\r\nHost: x\r\n\r\n") == .invalidTarget)
    }

    /// RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: x\r\nConnection: upgrade, close\r\n\r\n", false),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
    ])
    func decidesPersistence(raw: String, keepAlive: Bool) throws {
        #expect(try Self.request(raw).1 == keepAlive)
    }

    @Test func announcesExpectContinueOnceBeforeTheBody() {
        var parser = HTTPRequestParser(limits: Self.limits)
        parser.append(Array("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .continueExpected = parser.next() else { return #expect(Bool(false)) }
        #expect(parser.next() == nil)
        parser.append(Array("ok".utf8))
        guard case .request(let request, _) = parser.next() else { return #expect(Bool(false)) }
        #expect(request.body == Array("ok".utf8))
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: x\r\n\r\n", HTTPFramingError.bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: x\n\r\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: x\r\n\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\nHost: x\r\nA\tB: c\r\n\r\n", .invalidFieldName),
        ("GET / HTTP/1.1\r\nHost: x\r\nA: \u{7F}\r\n\r\n", .invalidFieldValue),
        ("GET / HTTP/1.1\r\nHost: x\r\nA: b\rc\r\n\r\n", .invalidFieldValue),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", .invalidContentLength),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1,\r\n\r\n", .invalidContentLength),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\n", .invalidContentLength),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .conflictingContentLength),
        ("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", .unsupportedTransferEncoding),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncodingWithContentLength),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length:9999999999999999\r\n\r\n", .contentTooLarge(limit: 10)),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", .contentTooLarge(limit: 10)),
        ("GET / HTTP/1.1\r\n\r\n", .missingHost),
        ("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", .multipleHosts),
        ("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .invalidHost),
        ("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", .malformedVersion),
        ("GET / HTTP/11\r\nHost: x\r\n\r\n", .malformedVersion),
        ("GET / HTTP/3.0\r\nHost: x\r\n\r\n", .unsupportedVersion),
        ("GET /\r\nHost: x\r\n\r\n", .malformedRequestLine),
        (" / HTTP/1.1\r\nHost: x\r\n\r\n", .invalidMethod),
        ("get / HTTP/1.1\r\nHost: x\r\n\r\n", .methodNotImplemented),
        ("GETS / HTTP/1.1\r\nHost: x\r\n\r\n", .methodNotImplemented),
        ("GE / HTTP/1.1\r\nHost: x\r\n\r\n", .methodNotImplemented),
        ("CONNECT x:1 HTTP/1.1\r\nHost: x\r\n\r\n", .methodNotImplemented),
        ("GET / http/1.1\r\nHost: x\r\n\r\n", .malformedVersion),
        ("GET / HTTP-1.1\r\nHost: x\r\n\r\n", .malformedVersion),
        ("GET / HTTP/1:1\r\nHost: x\r\n\r\n", .malformedVersion),
        ("GET / HTTPS1.1\r\nHost: x\r\n\r\n", .malformedVersion),
        ("GET /é HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET /a#frag HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET ftp://x/ HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET http:///p HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
    ])
    func rejectsMalformedFraming(raw: String, error: HTTPFramingError) {
        #expect(Self.failure(raw) == error)
    }

    /// A length past Int.max saturates instead of overflowing, and is then simply too large.
    @Test func hugeContentLengthIsTooLargeNotAnOverflow() {
        var limits = Self.limits
        limits.maxHeaderLineLength = 200
        #expect(
            Self.failure("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", limits: limits)
                == .contentTooLarge(limit: 10))
    }

    @Test func limitsHoldExactlyAtTheBoundary() {
        // Request line of exactly 64 bytes passes; 65 fails.
        let line64 = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1"
        #expect(line64.utf8.count == 64)
        #expect(Self.failure("\(line64)\r\nHost: x\r\n\r\n") == nil)
        #expect(Self.failure("\(line64)a\r\nHost: x\r\n\r\n") != nil)
        #expect(Self.failure("GET /" + String(repeating: "a", count: 64) + " HTTP/1.1\r\nHost: x\r\n\r\n") == .requestLineTooLong(limit: 64))
        // Header line of exactly 32 bytes passes; 33 fails.
        let header32 = "X: " + String(repeating: "v", count: 29)
        #expect(Self.failure("GET / HTTP/1.1\r\nHost: x\r\n\(header32)\r\n\r\n") == nil)
        #expect(Self.failure("GET / HTTP/1.1\r\nHost: x\r\n\(header32)v\r\n\r\n") == .headerLineTooLong(limit: 32))
        // Four fields pass, five fail.
        #expect(Self.failure("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n") == nil)
        #expect(Self.failure("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n") == .tooManyHeaderFields(limit: 4))
        // Header section over 100 bytes (4 lines of 30 + CRLF = 128).
        let field = String(repeating: "h", count: 26)
        #expect(Self.failure("GET / HTTP/1.1\r\nA: \(field)\r\nB: \(field)\r\nC: \(field)\r\nHost: \(field)\r\n\r\n") == .headerSectionTooLarge(limit: 100))
        // Body of exactly 10 passes.
        #expect(Self.failure("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789") == nil)
    }

    /// Limits are enforced before the end of a line arrives, so the buffer never grows past them.
    @Test func unfinishedLinesFailAsSoonAsTheyCannotFit() {
        var parser = HTTPRequestParser(limits: Self.limits)
        parser.append(Array(("GET /" + String(repeating: "a", count: 100)).utf8))
        guard case .failure(.requestLineTooLong) = parser.next() else { return #expect(Bool(false)) }
        #expect(parser.next() == nil)  // nothing after a failure

        var headers = HTTPRequestParser(limits: Self.limits)
        headers.append(Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 40)).utf8))
        guard case .failure(.headerLineTooLong) = headers.next() else { return #expect(Bool(false)) }
    }

    /// Found by FuzzHTTPParser: a header line that was both over the line limit and ended by a bare LF gave 400
    /// when it arrived whole and 431 when its bytes arrived in pieces. TCP segmentation must not change the answer.
    @Test(arguments: [
        [
            72, 69, 65, 68, 32, 47, 37, 52, 49, 32, 72, 84, 84, 96, 47, 49, 46, 49, 13, 10, 104, 111, 115, 196, 196,
        ] + [UInt8](repeating: 4, count: 23) + [UInt8](repeating: 196, count: 26) + Array("nection: close\r%A: \nh\r\n\r\n".utf8),
        Array(("GET / HTTP/1.1\r\nHost: x\r\nA: " + String(repeating: "a", count: 60) + "\n\r\n").utf8),
        Array(("GET /" + String(repeating: "a", count: 80) + "\n").utf8),
        Array(("GET / HTTP/1.1\r\nHost: x\r\nA: " + String(repeating: "a", count: 20) + "\r\nB: " + String(repeating: "b", count: 25) + "\r\nC: " + String(repeating: "c", count: 25) + "\r\nD: " + String(repeating: "d", count: 25) + "\n").utf8),
    ])
    func splittingTheBytesNeverChangesTheError(bytes: [UInt8]) {
        var whole = HTTPRequestParser(limits: Self.limits)
        whole.append(bytes)
        let expected = whole.next()
        #expect(expected != nil)
        var pieces = HTTPRequestParser(limits: Self.limits)
        var first: HTTPRequestParser.Event?
        for byte in bytes where first == nil {
            pieces.append([byte])
            first = pieces.next()
        }
        #expect(first == expected)
    }

    /// RFC 9110 §5.5: obs-text (bytes 0x80-0xFF) is allowed in field values. It is kept, decoded as UTF-8 with
    /// invalid bytes replaced by U+FFFD (found by FuzzHTTPParser: each such byte then takes three bytes).
    @Test func fieldValuesWithObsTextAreAcceptedLossily() throws {
        var parser = HTTPRequestParser(limits: Self.limits)
        parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\nX-Text: a".utf8) + [0xFF, 0xFF] + Array(" é\r\n\r\n".utf8))
        guard case .request(let request, _) = parser.next() else { return #expect(Bool(false)) }
        #expect(request.headers["x-text"] == "a\u{FFFD}\u{FFFD} é")
    }

    @Test func errorsMapToTheirStatus() {
        #expect(HTTPFramingError.requestLineTooLong(limit: 1).status == 414)
        #expect(HTTPFramingError.headerSectionTooLarge(limit: 1).status == 431)
        #expect(HTTPFramingError.contentTooLarge(limit: 1).status == 413)
        #expect(HTTPFramingError.unsupportedTransferEncoding.status == 501)
        #expect(HTTPFramingError.unsupportedVersion.status == 505)
        #expect(HTTPFramingError.bareLineFeed.status == 400)
        #expect(HTTPFramingError.unsupportedVersion.code == "http_version_not_supported")
    }

    /// The block-at-a-time field-value check against the plain byte rule, for every byte value at every position of
    /// values of several lengths (so each byte lands in a whole 16-byte block, in the tail, and at both ends of a
    /// block).
    @Test func fieldValueCheckAgreesWithTheByteRuleEverywhere() {
        func byteRule(_ value: [UInt8]) -> Bool {
            value.allSatisfy { $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }
        }
        for length in [1, 7, 15, 16, 17, 31, 32, 33, 40] {
            for position in 0..<length {
                for byte in 0...UInt8.max {
                    var value = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    value[position] = byte
                    let fast = value.withUnsafeBufferPointer {
                        HTTPRequestParser.isValidFieldValue($0, 0..<length)
                    }
                    guard fast == byteRule(value) else {
                        Issue.record("byte \(byte) at \(position) of \(length): \(fast)")
                        return
                    }
                }
            }
        }
    }

    @Test func aBearerJWTSizedValueWithALateControlByteIsRefused() {
        var value = Array(("Bearer " + String(repeating: "eyJzdWIiOiIxMjMifQ", count: 40)).utf8)
        #expect(value.withUnsafeBufferPointer { HTTPRequestParser.isValidFieldValue($0, 0..<$0.count) })
        value[value.count - 3] = 0x7F
        #expect(!value.withUnsafeBufferPointer { HTTPRequestParser.isValidFieldValue($0, 0..<$0.count) })
        value[value.count - 3] = UInt8(ascii: "\t")
        #expect(value.withUnsafeBufferPointer { HTTPRequestParser.isValidFieldValue($0, 0..<$0.count) })
    }
}

extension HTTPRequestParser.Event: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.continueExpected, .continueExpected): true
        case (.failure(let a), .failure(let b)): a == b
        case (.request(let a, let x), .request(let b, let y)): a.target == b.target && a.body == b.body && x == y
        default: false
        }
    }

}
