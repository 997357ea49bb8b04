/// Turns the bytes Redis sends on one connection into RESP2 replies
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/), knowing nothing about sockets.
///
/// Feed bytes with `append`, then call `next()` until it returns nil (more bytes needed). It returns each complete
/// reply once, in order, so pipelined replies come out one per call. After it throws, the connection must be closed:
/// every later call throws the same error.
///
/// Decisions, each stricter than the spec requires, because a cache must never act on a misread reply:
/// - Every line ends with CR LF; a bare LF, or a CR inside a simple string or error, is refused.
/// - Lengths are `-1` (the RESP2 nulls `$-1` and `*-1`) or plain decimal digits: no sign, no spaces, no other negative.
///   Integer replies may carry a sign, as the spec's `:[<+|->]<value>` allows, and must fit in 64 bits.
/// - A declared length is checked against the limits before anything is allocated or awaited for it, so
///   `$9223372036854775807` fails at once.
/// - RESP3 types are refused: this client never sends HELLO 3, so a RESP2 server never sends them.
/// - Every limit is checked on the bytes received so far, so the outcome never depends on how TCP split the reply.
///
/// Work is linear in the input: the search for a line's LF resumes where it stopped, finished elements leave the
/// buffer as values, and the parsed bytes are dropped once they are at least half of it.
struct RESPParser {
    struct Limits: Sendable, Equatable {
        /// The longest bulk string; the introspection cache stores small JSON answers (Redis's own limit is 512 MB).
        var maxBulkLength: Int
        /// The most elements of one array; the client's commands get at most a handful back.
        var maxArrayCount: Int
        /// How deeply arrays may nest; an array at the top of a reply is at depth 1.
        var maxDepth: Int
        /// The most bytes between the type byte and CR LF of a simple string, error, integer or length line.
        var maxLineLength: Int
        /// The most bytes one reply may take, and so the most the parser holds while it waits for the rest of one.
        var maxBuffered: Int

        init(
            maxBulkLength: Int = 64 * 1024, maxArrayCount: Int = 64, maxDepth: Int = 4, maxLineLength: Int = 1024,
            maxBuffered: Int = 128 * 1024
        ) {
            self.maxBulkLength = maxBulkLength
            self.maxArrayCount = maxArrayCount
            self.maxDepth = maxDepth
            self.maxLineLength = maxLineLength
            self.maxBuffered = maxBuffered
        }
    }

    let limits: Limits
    private var buffer: [UInt8] = []
    /// The first byte not yet parsed: the type byte of the next line, or the first byte of a bulk string's data.
    private var position = 0
    /// The search for the LF of the line at `position` has looked at every byte before this.
    private var scanned = 0
    /// Where the reply being parsed began (negative once its first bytes have been dropped).
    private var replyStart = 0
    /// Set once a bulk string's length line is parsed: its data (then CR LF) starts at `position`.
    private var pendingBulkLength: Int?
    /// The arrays the next element belongs to, innermost last.
    private var openArrays: [OpenArray] = []
    private var failure: RESPError?

    private struct OpenArray {
        var remaining: Int
        var elements: [RESPValue]
    }

    /// One line without its CR LF: the type byte, then `content`.
    private struct Line {
        var type: UInt8
        var content: Range<Int>
    }

    init(limits: Limits = .init()) {
        self.limits = limits
    }

    /// Bytes received and not parsed yet. Whenever `next()` returns nil this is at most `limits.maxBuffered`.
    var unparsedByteCount: Int { buffer.count - position }

    mutating func append(_ bytes: some Collection<UInt8>) {
        guard failure == nil else { return }  // nothing more will be parsed: hold nothing more
        dropParsedBytes()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or nil if more bytes are needed.
    mutating func next() throws(RESPError) -> RESPValue? {
        if let failure { throw failure }
        do throws(RESPError) {
            return try parseReply()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func parseReply() throws(RESPError) -> RESPValue? {
        while true {
            let element: RESPValue
            if let length = pendingBulkLength {
                guard let data = try takeBulkData(length: length) else { return nil }
                element = .bulkString(data)
            } else {
                guard let line = try takeLine() else { return nil }
                // nil: the line opened an array or announced a bulk string, whose elements or data come next.
                guard let value = try value(of: line) else { continue }
                element = value
            }
            if let reply = place(element) {
                replyStart = position
                return reply
            }
        }
    }

    /// Adds a finished element to the innermost open array, closing every array it completes; returns the reply
    /// once the outermost one is complete (or at once for an element outside any array).
    private mutating func place(_ element: RESPValue) -> RESPValue? {
        var value = element
        while var array = openArrays.popLast() {
            array.elements.append(value)
            array.remaining -= 1
            guard array.remaining == 0 else {
                openArrays.append(array)
                return nil
            }
            value = .array(array.elements)
        }
        return value
    }

    private mutating func dropParsedBytes() {
        guard position > 0 else { return }
        if position == buffer.count {
            // Keep a modest buffer for the next reply; give a large one (after a burst of pipelined replies) back.
            if buffer.capacity > limits.maxBuffered { buffer = [] } else { buffer.removeAll(keepingCapacity: true) }
        } else if position >= buffer.count - position {
            // Moving the unparsed rest costs no more than parsing the dropped bytes did: linear overall.
            buffer.removeSubrange(0..<position)
        } else {
            return
        }
        replyStart -= position
        scanned -= position
        position = 0
    }

    // MARK: - Lines

    private mutating func takeLine() throws(RESPError) -> Line? {
        guard position < buffer.count else { return nil }
        if let error = unfinishedLineError(end: position + 1) { throw error }
        let type = buffer[position]
        try Self.checkType(type)
        let searchStart = max(scanned, position + 1)
        guard let lineFeed = buffer[searchStart...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = buffer.count
            if let error = unfinishedLineError(end: buffer.count) { throw error }
            return nil
        }
        // The limits first, exactly as they would have fired had the bytes before this LF arrived without it:
        // how TCP splits the bytes never changes the answer.
        if let error = unfinishedLineError(end: lineFeed) { throw error }
        if lineFeed + 1 - replyStart > limits.maxBuffered { throw .replyTooLarge(limit: limits.maxBuffered) }
        guard lineFeed - 1 > position, buffer[lineFeed - 1] == UInt8(ascii: "\r") else { throw .bareLineFeed }
        let content = (position + 1)..<(lineFeed - 1)
        // Spec, "Simple strings": they cannot contain CR or LF; nor can a length or an integer.
        if buffer[content].contains(UInt8(ascii: "\r")) { throw .bareCarriageReturn }
        position = lineFeed + 1
        scanned = position
        return Line(type: type, content: content)
    }

    /// With the bytes before `end` buffered and no LF among those of the line at `position`, the limit error the
    /// shortest failing prefix would have produced, if any: the line fails once it holds more than the type byte,
    /// `maxLineLength` bytes and a CR; the reply once it holds more than `maxBuffered` bytes. Both conditions only
    /// grow with `end`, so the one that became true at the smaller count wins (the line on a tie).
    private func unfinishedLineError(end: Int) -> RESPError? {
        let lineTooLong = end - position - 2 > limits.maxLineLength
        let replyTooLarge = end - replyStart > limits.maxBuffered
        switch (lineTooLong, replyTooLarge) {
        case (false, false):
            return nil
        case (true, false):
            return .lineTooLong(limit: limits.maxLineLength)
        case (false, true):
            return .replyTooLarge(limit: limits.maxBuffered)
        case (true, true):
            let lineFailsAt = position + limits.maxLineLength + 3
            let replyFailsAt = replyStart + limits.maxBuffered + 1
            return lineFailsAt <= replyFailsAt
                ? .lineTooLong(limit: limits.maxLineLength) : .replyTooLarge(limit: limits.maxBuffered)
        }
    }

    /// Spec, "RESP protocol description": the first byte of every element names its type.
    private static func checkType(_ byte: UInt8) throws(RESPError) {
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "$"), UInt8(ascii: "*"):
            return
        case UInt8(ascii: "_"), UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "!"), UInt8(ascii: "="),
            UInt8(ascii: "("), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: "|"), UInt8(ascii: ">"):
            throw .unsupportedType(byte)
        default:
            throw .unknownType(byte)
        }
    }

    // MARK: - Elements

    /// The element a line stands for, or nil when the line opens an array or announces a bulk string.
    private mutating func value(of line: Line) throws(RESPError) -> RESPValue? {
        let content = buffer[line.content]
        switch line.type {
        case UInt8(ascii: "+"):
            return .simpleString(String(decoding: content, as: UTF8.self))
        case UInt8(ascii: "-"):
            return .error(String(decoding: content, as: UTF8.self))
        case UInt8(ascii: ":"):
            switch Self.decimal(content) {
            case .value(let value): return .integer(value)
            case .notANumber: throw .invalidInteger
            case .outOfRange: throw .numberOutOfRange
            }
        case UInt8(ascii: "$"):
            guard let length = try Self.length(content) else { return .bulkString(nil) }
            guard length <= limits.maxBulkLength else { throw .bulkStringTooLong(limit: limits.maxBulkLength) }
            // The whole reply's bound is known now, before any of the data is awaited.
            guard position + length + 2 - replyStart <= limits.maxBuffered else {
                throw .replyTooLarge(limit: limits.maxBuffered)
            }
            pendingBulkLength = length
            return nil
        default:  // "*", the only type left after checkType
            guard openArrays.count < limits.maxDepth else { throw .nestedTooDeep(limit: limits.maxDepth) }
            guard let count = try Self.length(content) else { return .array(nil) }
            guard count <= limits.maxArrayCount else { throw .arrayTooLong(limit: limits.maxArrayCount) }
            if count == 0 { return .array([]) }
            var elements: [RESPValue] = []
            elements.reserveCapacity(count)
            openArrays.append(OpenArray(remaining: count, elements: elements))
            return nil
        }
    }

    /// Spec, "Bulk strings": the data is exactly the announced number of bytes, then CR LF.
    private mutating func takeBulkData(length: Int) throws(RESPError) -> [UInt8]? {
        let end = position + length
        guard buffer.count >= end + 2 else { return nil }
        guard buffer[end] == UInt8(ascii: "\r"), buffer[end + 1] == UInt8(ascii: "\n") else {
            throw .unterminatedBulkString
        }
        let data = Array(buffer[position..<end])
        position = end + 2
        scanned = position
        pendingBulkLength = nil
        return data
    }

    // MARK: - Numbers

    private enum ParsedNumber {
        case value(Int64)
        case notANumber
        case outOfRange
    }

    /// A bulk string or array length: nil for `-1` (null), otherwise plain digits. The spec writes no sign, and
    /// Redis sends none; `-1` is the one negative it defines.
    private static func length(_ content: ArraySlice<UInt8>) throws(RESPError) -> Int? {
        if content.first == UInt8(ascii: "+") { throw .invalidLength }
        switch decimal(content) {
        case .notANumber:
            throw .invalidLength
        case .outOfRange:
            throw .numberOutOfRange
        case .value(let value):
            guard content.first != UInt8(ascii: "-") else {
                if value == -1 && content.count == 2 { return nil }
                throw .negativeLength
            }
            guard let length = Int(exactly: value) else { throw .numberOutOfRange }
            return length
        }
    }

    /// Spec, "Integers": `[<+|->]<value>`, a signed base-10 64-bit integer. Accumulated toward the sign, so
    /// Int64.min parses too.
    private static func decimal(_ content: ArraySlice<UInt8>) -> ParsedNumber {
        var digits = content
        let negative = digits.first == UInt8(ascii: "-")
        if negative || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .notANumber
        }
        var value: Int64 = 0
        for byte in digits {
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (times10, overflowedMultiplying) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowedAdding) =
                negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            if overflowedMultiplying || overflowedAdding { return .outOfRange }
            value = next
        }
        return .value(value)
    }
}
