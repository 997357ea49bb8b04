// The response writer with arbitrary header names, values, status and body: whatever a handler puts in, the bytes
// on the wire are one well-framed response — a head of CR LF-terminated lines without stray CR or LF, ending at the
// first blank line, followed by exactly Content-Length body bytes (so no handler can split a response).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPResponseWriter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard input.count >= 3 else { return 0 }
    let status = Int(input[0]) * 4 + Int(input[1] % 4)  // 0...1023, including invalid ones
    let isHead = input[2] & 1 != 0
    let close = input[2] & 2 != 0
    // Fields separated by 0xFE, name and value by 0xFD; the part after 0xFC is the body.
    let rest = input[3...]
    let bodyStart = rest.firstIndex(of: 0xFC)
    let fieldBytes = bodyStart.map { rest[..<$0] } ?? rest
    let body = bodyStart.map { Array(rest[($0 + 1)...]) } ?? []
    var headers = HTTPHeaders()
    for field in fieldBytes.split(separator: 0xFE, omittingEmptySubsequences: false) {
        let parts = field.split(separator: 0xFD, maxSplits: 1, omittingEmptySubsequences: false)
        headers.add(
            String(decoding: parts[0], as: UTF8.self), parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : "")
    }
    var out: [UInt8] = []
    HTTPResponseWriter.append(
        HTTPResponse(status: status, headers: headers, body: body),
        framing: .init(isHead: isHead, close: close, echoKeepAlive: false),
        date: Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8), to: &out)

    // The head ends at the first CR LF CR LF; every CR in it is followed by LF and every LF preceded by CR.
    var headEnd: Int?
    var index = 0
    while index + 3 < out.count {
        if out[index] == 13, out[index + 1] == 10, out[index + 2] == 13, out[index + 3] == 10 {
            headEnd = index + 4
            break
        }
        index += 1
    }
    guard let headEnd else { preconditionFailure("no end of head") }
    for position in 0..<headEnd {
        if out[position] == 13 { precondition(out[position + 1] == 10, "stray CR in the head") }
        if out[position] == 10 { precondition(position > 0 && out[position - 1] == 13, "stray LF in the head") }
        precondition(out[position] != 0, "NUL in the head")
    }
    let lines = out[0..<(headEnd - 2)].split(separator: 10).map { $0.dropLast() }  // each line ends CR LF
    precondition(lines[0].starts(with: Array("HTTP/1.1 ".utf8)), "no status line")
    var contentLength: Int?
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { preconditionFailure("field line without colon") }
        precondition(
            line[..<colon].allSatisfy(HTTPRequestParser.isTokenByte) && colon > line.startIndex, "invalid field name")
        if String(decoding: line[..<colon], as: UTF8.self).lowercased() == "content-length" {
            precondition(contentLength == nil, "two Content-Length fields")
            contentLength = Int(String(decoding: line[(colon + 2)...], as: UTF8.self))
        }
    }
    let sentBody = out.count - headEnd
    if let contentLength {
        precondition(contentLength == body.count, "Content-Length is not the body's length")
        precondition(sentBody == (isHead ? 0 : body.count), "body bytes do not match the framing")
    } else {
        precondition(sentBody == 0, "a body without Content-Length")
    }
    return 0
}
