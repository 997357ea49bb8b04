import Testing

@testable import Core

@Suite struct HTTPResponseWriterTests {
    static let date = Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8)

    static func written(
        _ response: HTTPResponse, isHead: Bool = false, close: Bool = false, echoKeepAlive: Bool = false
    ) -> String {
        var out: [UInt8] = []
        HTTPResponseWriter.append(
            response, framing: .init(isHead: isHead, close: close, echoKeepAlive: echoKeepAlive), date: date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func writesStatusDateLengthHeadersAndBody() {
        let text = Self.written(HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("hi".utf8)))
        #expect(
            text == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 2\r\n"
                + "Content-Type: text/plain\r\n\r\nhi")
    }

    @Test func headKeepsTheLengthAndDropsTheBody() {
        let text = Self.written(HTTPResponse(status: 200, body: Array("hello".utf8)), isHead: true)
        #expect(text.hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    @Test func saysCloseOrKeepAlive() {
        #expect(Self.written(HTTPResponse(status: 200), close: true).contains("\r\nConnection: close\r\n"))
        #expect(Self.written(HTTPResponse(status: 200), echoKeepAlive: true).contains("\r\nConnection: keep-alive\r\n"))
    }

    /// The server owns framing fields, and a handler cannot split the response with CR or LF.
    @Test func dropsFramingFieldsAndUnsafeFields() {
        let headers: HTTPHeaders = [
            "Content-Length": "999", "transfer-encoding": "chunked", "Connection": "keep-alive", "Date": "yesterday",
            "X-Split": "a\r\nSet-Cookie: evil=1", "Bad Name": "x", "X-Ok": "fine",
        ]
        let text = Self.written(HTTPResponse(status: 200, headers: headers, body: Array("abc".utf8)))
        #expect(
            text == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 3\r\nX-Ok: fine\r\n\r\nabc")
    }

    @Test func noContentHasNoLengthAndNoBody() {
        let text = Self.written(HTTPResponse(status: 204, body: Array("ignored".utf8)))
        #expect(text == "HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
    }

    @Test func anImpossibleStatusBecomes500() {
        #expect(Self.written(HTTPResponse(status: 42)).hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
    }

    @Test(arguments: [0, 7, 10, 1_048_576, Int.max])
    func writesDecimals(value: Int) {
        var out: [UInt8] = []
        HTTPResponseWriter.appendDecimal(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
    }
}
