// The HTTP/1.1 request parser on arbitrary bytes. Invariants:
// - never crashes, and yields nothing after a failure;
// - every request respects the limits and the grammar (known method, version 1.0/1.1, token field names, field
//   values without CR/LF/NUL, body within the limit), and the buffer stays bounded while it waits for more bytes;
// - feeding the bytes in one piece or in chunks (sizes taken from the input) yields exactly the same events.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTPRequestParser.Limits(
        maxRequestLineLength: 64, maxHeaderLineLength: 48, maxHeaderBytes: 128, maxHeaderCount: 6, maxBodyLength: 32)
    let whole = fuzzParse(input, chunkSizes: [], limits: limits)
    let chunkSizes = input.prefix(8).map { Int($0 % 17) + 1 }
    let chunked = fuzzParse(input, chunkSizes: chunkSizes, limits: limits)
    precondition(whole == chunked, "chunked feeding changed the result: \(whole) vs \(chunked)")
    return 0
}

private func fuzzParse(_ input: [UInt8], chunkSizes: [Int], limits: HTTPRequestParser.Limits) -> [String] {
    var parser = HTTPRequestParser(limits: limits)
    var summary: [String] = []
    var offset = 0
    var chunkIndex = 0
    var failed = false
    let headBound = 2 * limits.maxRequestLineLength + limits.maxHeaderBytes + 16
    while offset < input.count {
        let size = chunkSizes.isEmpty ? input.count : chunkSizes[chunkIndex % chunkSizes.count]
        chunkIndex += 1
        let end = min(input.count, offset + size)
        parser.append(input[offset..<end])
        offset = end
        while let event = parser.next() {
            precondition(!failed, "an event after a failure")
            switch event {
            case .failure(let error):
                failed = true
                precondition([400, 413, 414, 431, 501, 505].contains(error.status), "unexpected status \(error.status)")
                summary.append("failure \(error)")
            case .continueExpected:
                break  // depends on how the bytes were split: not compared
            case .request(let request, let keepAlive):
                precondition(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"].contains(request.method))
                precondition(request.version == .http1_0 || request.version == .http1_1)
                precondition(!request.target.isEmpty && request.target.utf8.count <= limits.maxRequestLineLength)
                precondition(request.headers.count <= limits.maxHeaderCount)
                precondition(request.body.count <= limits.maxBodyLength)
                precondition(request.path.hasPrefix("/") || request.path == "*")
                for field in request.headers {
                    precondition(!field.name.isEmpty && field.name.utf8.allSatisfy(HTTPRequestParser.isTokenByte))
                    // Scalars, not UTF-8 bytes: an invalid byte (obs-text) decodes to one U+FFFD of three bytes.
                    precondition(
                        field.name.unicodeScalars.count + field.value.unicodeScalars.count < limits.maxHeaderLineLength)
                    precondition(!field.value.utf8.contains { $0 == 0 || $0 == 10 || $0 == 13 })
                }
                if request.version == .http1_1 { precondition(request.headers.values(for: "host").count == 1) }
                summary.append(
                    "\(request.method) \(request.target) \(request.version) \(request.headers.count) "
                        + "\(request.body) \(keepAlive)")
            }
        }
        if !failed {
            // Waiting for more: at most one head plus one body plus the chunk just added.
            precondition(parser.buffer.count <= headBound + limits.maxBodyLength + size, "buffer grew past the limits")
        }
    }
    return summary
}
