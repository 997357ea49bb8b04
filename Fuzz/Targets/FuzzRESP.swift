// The RESP2 reply parser on arbitrary bytes. Invariants:
// - never crashes, and after a failure throws the same error again and yields nothing more;
// - every reply respects the limits (bulk length, array count, depth) and no simple string or error holds CR or LF;
// - while it waits for more bytes it holds at most `maxBuffered` unparsed bytes;
// - feeding the bytes whole, split in two at a point taken from the first byte, or in chunks (sizes taken from the
//   input) gives exactly the same replies and the same error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRESP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = RESPParser.Limits(maxBulkLength: 16, maxArrayCount: 4, maxDepth: 3, maxLineLength: 12, maxBuffered: 48)
    let whole = fuzzRESPParse(input, pieces: [input[...]], limits: limits)
    let split = input.isEmpty ? 0 : Int(input[0]) % (input.count + 1)
    let halves = fuzzRESPParse(input, pieces: [input[..<split], input[split...]], limits: limits)
    precondition(whole == halves, "splitting at \(split) changed the outcome: \(whole) vs \(halves)")
    let chunkSizes = input.prefix(8).map { Int($0 % 7) + 1 }
    var chunks: [ArraySlice<UInt8>] = []
    var offset = 0
    while offset < input.count {
        let end = min(input.count, offset + chunkSizes[chunks.count % chunkSizes.count])
        chunks.append(input[offset..<end])
        offset = end
    }
    let chunked = fuzzRESPParse(input, pieces: chunks, limits: limits)
    precondition(whole == chunked, "chunked feeding changed the outcome: \(whole) vs \(chunked)")
    return 0
}

private struct FuzzRESPOutcome: Equatable {
    var replies: [RESPValue] = []
    var error: RESPError?
}

private func fuzzRESPParse(
    _ input: [UInt8], pieces: [ArraySlice<UInt8>], limits: RESPParser.Limits
) -> FuzzRESPOutcome {
    var parser = RESPParser(limits: limits)
    var outcome = FuzzRESPOutcome()
    for piece in pieces {
        parser.append(piece)
        do {
            while let reply = try parser.next() {
                fuzzRESPCheck(reply, depth: 0, limits: limits)
                outcome.replies.append(reply)
            }
            precondition(parser.unparsedByteCount <= limits.maxBuffered, "holds more than maxBuffered while waiting")
        } catch {
            outcome.error = error
            do {
                _ = try parser.next()
                preconditionFailure("a call after a failure did not throw")
            } catch let again {
                precondition(again == error, "a call after a failure threw another error")
            }
            return outcome
        }
    }
    return outcome
}

private func fuzzRESPCheck(_ value: RESPValue, depth: Int, limits: RESPParser.Limits) {
    switch value {
    case .simpleString(let text), .error(let text):
        precondition(!text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" })
        precondition(text.unicodeScalars.count <= limits.maxLineLength)
    case .integer:
        break
    case .bulkString(let bytes):
        precondition((bytes?.count ?? 0) <= limits.maxBulkLength)
    case .array(let elements):
        precondition(depth < limits.maxDepth, "arrays nested deeper than the limit")
        precondition((elements?.count ?? 0) <= limits.maxArrayCount)
        for element in elements ?? [] { fuzzRESPCheck(element, depth: depth + 1, limits: limits) }
    }
}
