/// Serialises responses straight into a connection's output buffer (no intermediate strings).
///
/// The server owns framing: it writes the status line, `Date`, `Content-Length` and `Connection`, drops those
/// fields (and `Transfer-Encoding`) from the handler's headers, and drops any field whose name is not a token or
/// whose value holds a control character, so no handler can split a response (RFC 9110 §5.5).
enum HTTPResponseWriter {
    struct Framing {
        /// A HEAD request: send the headers of the body, not the body (RFC 9110 §9.3.2).
        var isHead: Bool
        /// The connection closes after this response (`Connection: close`, RFC 9112 §9.6).
        var close: Bool
        /// An HTTP/1.0 client that asked for keep-alive gets `Connection: keep-alive` back (RFC 9112 §C.2.2).
        var echoKeepAlive: Bool
    }

    static func append(_ response: HTTPResponse, framing: Framing, date: [UInt8], to out: inout [UInt8]) {
        let status = (100...999).contains(response.status) ? response.status : 500
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status, to: &out)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: HTTPResponse.reasonPhrase(status).utf8)
        out.append(contentsOf: "\r\nDate: ".utf8)
        out.append(contentsOf: date)
        out.append(contentsOf: "\r\n".utf8)
        // RFC 9110 §8.6 / §6.4.1: 1xx and 204 carry no Content-Length and, like 304, no content.
        let bodyAllowed = status >= 200 && status != 204 && status != 304
        if bodyAllowed {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        if framing.close {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if framing.echoKeepAlive {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        // By index, reading each field's bytes in place: iterating copied every field, and a copy of a string
        // shared by all responses (a constant header value) is an atomic reference count touched from every core.
        for index in response.headers.fields.indices {
            appendIfSendable(
                name: response.headers.fields[index].name, value: response.headers.fields[index].value, to: &out)
        }
        out.append(contentsOf: "\r\n".utf8)
        if bodyAllowed, !framing.isHead {
            out.append(contentsOf: response.body)
        }
    }

    /// The contract's JSON error body for a framing error, closing the connection.
    static func errorResponse(_ error: HTTPFramingError) -> HTTPResponse {
        .error(status: error.status, error: error.code, description: error.description)
    }

    /// Appends `name: value` CR LF unless the name is not a token, is a framing field, or the value holds a control
    /// character other than HTAB (RFC 9110 §5.5).
    private static func appendIfSendable(name: String, value: String, to out: inout [UInt8]) {
        let inPlace: Bool? = name.utf8.withContiguousStorageIfAvailable { name in
            value.utf8.withContiguousStorageIfAvailable { value in
                appendIfSendable(name: name, value: value, to: &out)
                return true
            }
        } ?? nil
        if inPlace == nil {
            Array(name.utf8).withUnsafeBufferPointer { name in
                Array(value.utf8).withUnsafeBufferPointer { appendIfSendable(name: name, value: $0, to: &out) }
            }
        }
    }

    private static func appendIfSendable(
        name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]
    ) {
        guard !name.isEmpty, name.allSatisfy(HTTPRequestParser.isTokenByte), !isFramingField(name),
            HTTPRequestParser.isValidFieldValue(value, 0..<value.count)
        else { return }
        out.append(contentsOf: name)
        out.append(contentsOf: ": ".utf8)
        out.append(contentsOf: value)
        out.append(contentsOf: "\r\n".utf8)
    }

    private static func isFramingField(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 4: HTTPRequestParser.equalsLowercase(name, 0..<name.count, "date")
        case 10: HTTPRequestParser.equalsLowercase(name, 0..<name.count, "connection")
        case 14: HTTPRequestParser.equalsLowercase(name, 0..<name.count, "content-length")
        case 17: HTTPRequestParser.equalsLowercase(name, 0..<name.count, "transfer-encoding")
        default: false
        }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value > 0 else {
            out.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }
}
