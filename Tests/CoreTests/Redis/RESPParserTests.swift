import Testing

@testable import Core

@Suite struct RESPParserTests {
    /// Small limits, so that each boundary is a short literal.
    static let small = RESPParser.Limits(
        maxBulkLength: 8, maxArrayCount: 3, maxDepth: 2, maxLineLength: 10, maxBuffered: 40)

    /// Feeds `raw` in one piece and collects every reply until the parser needs more bytes or refuses them.
    static func parse(
        _ raw: [UInt8], limits: RESPParser.Limits = .init()
    ) -> (replies: [RESPValue], error: RESPError?) {
        var parser = RESPParser(limits: limits)
        parser.append(raw)
        return drain(&parser)
    }

    static func parse(
        _ raw: String, limits: RESPParser.Limits = .init()
    ) -> (replies: [RESPValue], error: RESPError?) {
        parse(Array(raw.utf8), limits: limits)
    }

    static func drain(_ parser: inout RESPParser) -> (replies: [RESPValue], error: RESPError?) {
        var replies: [RESPValue] = []
        do {
            while let reply = try parser.next() { replies.append(reply) }
        } catch {
            return (replies, error)
        }
        return (replies, nil)
    }

    /// The one reply `raw` holds, or nil (with an issue recorded) if it holds anything else.
    static func reply(_ raw: String, limits: RESPParser.Limits = .init()) -> RESPValue? {
        let (replies, error) = parse(raw, limits: limits)
        guard replies.count == 1, error == nil else {
            Issue.record("expected one reply from \(raw.debugDescription), got \(replies) and \(error as Any)")
            return nil
        }
        return replies[0]
    }

    static func refusal(_ raw: String, limits: RESPParser.Limits = .init()) -> RESPError? {
        parse(raw, limits: limits).error
    }

    static func bulk(_ text: String) -> RESPValue { .bulkString(Array(text.utf8)) }

    // MARK: - Known answers

    @Test func parsesEveryRESP2Type() {
        #expect(Self.reply("+OK\r\n") == .simpleString("OK"))
        #expect(Self.reply("+\r\n") == .simpleString(""))
        #expect(Self.reply("-ERR unknown command 'asdf'\r\n") == .error("ERR unknown command 'asdf'"))
        #expect(Self.reply(":1000\r\n") == .integer(1000))
        #expect(Self.reply(":0\r\n") == .integer(0))
        #expect(Self.reply("$5\r\nhello\r\n") == Self.bulk("hello"))
        #expect(Self.reply("$0\r\n\r\n") == .bulkString([]))
        #expect(Self.reply("*2\r\n$3\r\nfoo\r\n:1\r\n") == .array([Self.bulk("foo"), .integer(1)]))
        #expect(Self.reply("*0\r\n") == .array([]))
    }

    @Test func integersTakeASignAndSpanTheWhole64BitRange() {
        #expect(Self.reply(":-42\r\n") == .integer(-42))
        #expect(Self.reply(":+7\r\n") == .integer(7))
        #expect(Self.reply(":9223372036854775807\r\n") == .integer(.max))
        #expect(Self.reply(":-9223372036854775808\r\n") == .integer(.min))
    }

    @Test func nullBulkStringAndNullArrayAreNilNotEmpty() {
        #expect(Self.reply("$-1\r\n") == .bulkString(nil))
        #expect(Self.reply("*-1\r\n") == .array(nil))
        #expect(
            Self.reply("*3\r\n$-1\r\n*-1\r\n$0\r\n\r\n") == .array([.bulkString(nil), .array(nil), .bulkString([])]))
    }

    /// The spec's own example of nested arrays.
    @Test func nestedArraysKeepTheirShape() {
        let reply = Self.reply("*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Hello\r\n-World\r\n")
        let first: RESPValue = .array([.integer(1), .integer(2), .integer(3)])
        #expect(reply == .array([first, .array([.simpleString("Hello"), .error("World")])]))
    }

    @Test func bulkStringsAreBinarySafe() {
        let data: [UInt8] = [UInt8(ascii: "a"), 13, 10, 0, 0xFF, 13, 10, UInt8(ascii: "$")]
        let (replies, error) = Self.parse(Array("$8\r\n".utf8) + data + [13, 10])
        #expect(error == nil)
        #expect(replies == [.bulkString(data)])
    }

    // MARK: - Incremental feeding

    static let pipelined = """
        +OK\r\n$5\r\nhello\r\n:-3\r\n$-1\r\n*2\r\n*1\r\n$2\r\n\r\n\r\n-ERR no\r\n*-1\r\n$4\r\n\r\n\r\n\r\n*0\r\n
        """
    static let pipelinedReplies: [RESPValue] = [
        .simpleString("OK"), bulk("hello"), .integer(-3), .bulkString(nil),
        .array([.array([bulk("\r\n")]), .error("ERR no")]), .array(nil), bulk("\r\n\r\n"), .array([]),
    ]

    @Test func pipelinedRepliesComeOutOnePerCallInOrder() throws {
        var parser = RESPParser()
        parser.append(Array(Self.pipelined.utf8))
        for expected in Self.pipelinedReplies {
            #expect(try parser.next() == expected)
        }
        #expect(try parser.next() == nil)
        #expect(parser.unparsedByteCount == 0)
    }

    @Test func byteAtATimeGivesTheSameReplies() {
        var parser = RESPParser()
        var replies: [RESPValue] = []
        for byte in Self.pipelined.utf8 {
            parser.append([byte])
            let (more, error) = Self.drain(&parser)
            #expect(error == nil)
            replies += more
        }
        #expect(replies == Self.pipelinedReplies)
    }

    @Test func everySplitIntoTwoPiecesGivesTheSameReplies() {
        let bytes = Array(Self.pipelined.utf8)
        for split in 0...bytes.count {
            var parser = RESPParser()
            parser.append(bytes[..<split])
            let first = Self.drain(&parser)
            parser.append(bytes[split...])
            let second = Self.drain(&parser)
            #expect(first.error == nil && second.error == nil)
            #expect(first.replies + second.replies == Self.pipelinedReplies, "split at \(split)")
        }
    }

    @Test func everyStrictPrefixOfAReplyAsksForMoreBytes() {
        let reply = Array("*2\r\n$5\r\nhel\r\n\r\n:12\r\n".utf8)
        for end in 0..<reply.count {
            let (replies, error) = Self.parse(Array(reply[..<end]))
            #expect(replies.isEmpty && error == nil, "prefix of \(end) bytes")
        }
        #expect(Self.parse(reply).replies == [.array([Self.bulk("hel\r\n"), .integer(12)])])
    }

    // MARK: - Refusals

    @Test func unknownTypeBytesAreRefused() {
        #expect(Self.refusal("?x\r\n") == .unknownType(UInt8(ascii: "?")))
        #expect(Self.refusal("OK\r\n") == .unknownType(UInt8(ascii: "O")))
        #expect(Self.refusal("\r\n") == .unknownType(13))
        // Refused as soon as the byte arrives, without waiting for its line.
        #expect(Self.refusal("@") == .unknownType(UInt8(ascii: "@")))
        #expect(Self.refusal("*2\r\n:1\r\n&") == .unknownType(UInt8(ascii: "&")))
    }

    @Test func resp3TypesAreRefusedAsUnsupported() {
        for raw in ["_\r\n", ",1.5\r\n", "#t\r\n", "!3\r\nerr\r\n", "=7\r\ntxt:abc\r\n", "(12\r\n", "%1\r\n", "~1\r\n",
                    "|1\r\n", ">2\r\n"] {
            #expect(Self.refusal(raw) == .unsupportedType(raw.utf8.first!), "\(raw.debugDescription)")
        }
    }

    @Test func linesMustEndWithCRLF() {
        #expect(Self.refusal("+OK\n") == .bareLineFeed)
        #expect(Self.refusal("+\n") == .bareLineFeed)
        #expect(Self.refusal(":1\n") == .bareLineFeed)
        #expect(Self.refusal("$3\nabc\r\n") == .bareLineFeed)
        #expect(Self.refusal("*1\r\n+OK\n") == .bareLineFeed)
        #expect(Self.refusal("+O\rK\r\n") == .bareCarriageReturn)
        #expect(Self.refusal("+OK\r\r\n") == .bareCarriageReturn)
        #expect(Self.refusal("-ERR\rx\n") == .bareLineFeed)
    }

    @Test func lengthsAreMinusOneOrPlainDigits() {
        for raw in ["$+3\r\nabc\r\n", "$ 3\r\n", "$3 \r\n", "$abc\r\n", "$\r\n", "$3x\r\n", "$-\r\n", "*+1\r\n:1\r\n",
                    "* 1\r\n", "*1.0\r\n", "$0x10\r\n"] {
            #expect(Self.refusal(raw) == .invalidLength, "\(raw.debugDescription)")
        }
        for raw in ["$-2\r\n", "$-0\r\n", "$-01\r\n", "*-5\r\n", "$-9223372036854775808\r\n"] {
            #expect(Self.refusal(raw) == .negativeLength, "\(raw.debugDescription)")
        }
        #expect(Self.refusal("$99999999999999999999\r\n") == .numberOutOfRange)
        #expect(Self.refusal("*-99999999999999999999\r\n") == .numberOutOfRange)
    }

    @Test func integersMustBeDecimalAndFitIn64Bits() {
        for raw in [":\r\n", ":abc\r\n", ": 1\r\n", ":1 \r\n", ":1.5\r\n", ":-\r\n", ":+\r\n", ":--1\r\n", ":1e3\r\n"] {
            #expect(Self.refusal(raw) == .invalidInteger, "\(raw.debugDescription)")
        }
        for raw in [":99999999999999999999\r\n", ":9223372036854775808\r\n", ":-9223372036854775809\r\n"] {
            #expect(Self.refusal(raw) == .numberOutOfRange, "\(raw.debugDescription)")
        }
    }

    @Test func bulkDataMustBeFollowedByCRLF() {
        #expect(Self.refusal("$3\r\nabcd\r\n") == .unterminatedBulkString)
        #expect(Self.refusal("$3\r\nabc\n\r") == .unterminatedBulkString)
        #expect(Self.refusal("$3\r\nabc\rX") == .unterminatedBulkString)
        #expect(Self.refusal("$0\r\nXY") == .unterminatedBulkString)
        // One byte after the data is not enough to decide.
        #expect(Self.parse("$3\r\nabcX").error == nil)
    }

    @Test func aFailureIsFinal() throws {
        var parser = RESPParser()
        parser.append(Array("+OK\r\n?\r\n+OK\r\n".utf8))
        #expect(try parser.next() == .simpleString("OK"))
        #expect(throws: RESPError.unknownType(UInt8(ascii: "?"))) { try parser.next() }
        parser.append(Array("+OK\r\n".utf8))
        #expect(throws: RESPError.unknownType(UInt8(ascii: "?"))) { try parser.next() }
        #expect(parser.unparsedByteCount <= 11)
    }

    // MARK: - Limits

    @Test func defaultLimitsAreTheDocumentedOnes() {
        let limits = RESPParser.Limits()
        #expect(limits.maxBulkLength == 64 * 1024)
        #expect(limits.maxArrayCount == 64)
        #expect(limits.maxDepth == 4)
        #expect(limits.maxLineLength == 1024)
        #expect(limits.maxBuffered == 128 * 1024)
    }

    @Test func lineLengthLimitIsExact() {
        let ten = String(repeating: "a", count: 10)
        #expect(Self.reply("+\(ten)\r\n", limits: Self.small) == .simpleString(ten))
        #expect(Self.refusal("+\(ten)a\r\n", limits: Self.small) == .lineTooLong(limit: 10))
        #expect(Self.refusal("-\(ten)a\r\n", limits: Self.small) == .lineTooLong(limit: 10))
        #expect(Self.reply(":-123456789\r\n", limits: Self.small) == .integer(-123_456_789))
        #expect(Self.refusal(":-1234567890\r\n", limits: Self.small) == .lineTooLong(limit: 10))
        #expect(Self.refusal("$0000000000008\r\n", limits: Self.small) == .lineTooLong(limit: 10))
    }

    /// A line without its LF fails as soon as it can no longer fit, never waiting for an end that may not come.
    @Test func anUnfinishedLineFailsOnceItCannotFit() {
        let ten = String(repeating: "a", count: 10)
        #expect(Self.parse("+\(ten)\r", limits: Self.small).error == nil)
        #expect(Self.parse("+\(ten)a", limits: Self.small).error == nil)  // the 11th byte could still be the CR
        #expect(Self.refusal("+\(ten)aa", limits: Self.small) == .lineTooLong(limit: 10))
        #expect(Self.refusal("+" + String(repeating: "a", count: 2000)) == .lineTooLong(limit: 1024))
    }

    @Test func bulkLengthLimitIsExactAndCheckedBeforeTheData() {
        #expect(Self.reply("$8\r\n12345678\r\n", limits: Self.small) == Self.bulk("12345678"))
        #expect(Self.refusal("$9\r\n", limits: Self.small) == .bulkStringTooLong(limit: 8))
    }

    @Test func arrayCountLimitIsExactAndCheckedBeforeTheElements() {
        let three = Self.reply("*3\r\n:1\r\n:2\r\n:3\r\n", limits: Self.small)
        #expect(three == .array([.integer(1), .integer(2), .integer(3)]))
        #expect(Self.refusal("*4\r\n", limits: Self.small) == .arrayTooLong(limit: 3))
    }

    @Test func depthLimitIsExact() {
        #expect(Self.reply("*1\r\n*1\r\n:1\r\n", limits: Self.small) == .array([.array([.integer(1)])]))
        #expect(Self.refusal("*1\r\n*1\r\n*1\r\n", limits: Self.small) == .nestedTooDeep(limit: 2))
        // Even an empty or null array one level too deep.
        #expect(Self.refusal("*1\r\n*1\r\n*0\r\n", limits: Self.small) == .nestedTooDeep(limit: 2))
        #expect(Self.refusal("*1\r\n*1\r\n*-1\r\n", limits: Self.small) == .nestedTooDeep(limit: 2))
        let twoDeep = Self.reply("*2\r\n*0\r\n*1\r\n:1\r\n", limits: Self.small)
        #expect(twoDeep == .array([.array([]), .array([.integer(1)])]))
    }

    @Test func replySizeLimitIsExact() {
        // 4 + 14 + 14 + 8 = 40 bytes, the limit.
        let atLimit = "*3\r\n$8\r\n12345678\r\n$8\r\n12345678\r\n:12345\r\n"
        #expect(atLimit.utf8.count == 40)
        #expect(Self.parse(atLimit, limits: Self.small).replies.count == 1)
        let overLimit = "*3\r\n$8\r\n12345678\r\n$8\r\n12345678\r\n:123456\r\n"
        #expect(Self.refusal(overLimit, limits: Self.small) == .replyTooLarge(limit: 40))
        // The limit is per reply: two replies of 40 bytes buffered together are fine.
        #expect(Self.parse(atLimit + atLimit, limits: Self.small).replies.count == 2)
    }

    @Test func aBulkStringThatWouldPassTheReplyLimitFailsAtItsLengthLine() {
        let thirtySix = "*3\r\n$8\r\n12345678\r\n$8\r\n12345678\r\n"
        #expect(Self.refusal(thirtySix + "$4\r\n", limits: Self.small) == .replyTooLarge(limit: 40))
        #expect(Self.parse(thirtySix + "$0\r\n", limits: Self.small).error == nil)
    }

    @Test func hugeDeclaredLengthsAreRefusedAtOnce() {
        #expect(Self.refusal("$9223372036854775807\r\n") == .bulkStringTooLong(limit: 64 * 1024))
        #expect(Self.refusal("*9223372036854775807\r\n") == .arrayTooLong(limit: 64))
        #expect(Self.refusal("$65537\r\n") == .bulkStringTooLong(limit: 64 * 1024))
    }

    /// The default limit, fed a byte at a time: the largest bulk string passes, one byte more fails.
    @Test func theDefaultBulkLimitHoldsFedAByteAtATime() {
        let data = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        var parser = RESPParser()
        var replies: [RESPValue] = []
        for byte in Array("$65536\r\n".utf8) + data + [13, 10] {
            parser.append([byte])
            let (more, error) = Self.drain(&parser)
            #expect(error == nil)
            replies += more
            #expect(parser.unparsedByteCount <= parser.limits.maxBuffered)
        }
        #expect(replies == [.bulkString(data)])
    }

    /// Whichever limit the shortest failing prefix passes is the one reported, so the refusal never depends on how
    /// the bytes arrived. (A parser that checked a finished line's length only after reading its number refused the
    /// first of these as `bulkStringTooLong` when it came whole and as `lineTooLong` when it came in pieces.)
    @Test func howTheBytesAreSplitNeverChangesTheRefusal() {
        let limits = RESPParser.Limits(
            maxBulkLength: 16, maxArrayCount: 4, maxDepth: 3, maxLineLength: 12, maxBuffered: 48)
        let thirtyFive = "*3\r\n$16\r\n0123456789abcdef\r\n:12345\r\n"
        let cases: [(raw: String, error: RESPError)] = [
            ("$9223372036854775807\r\n", .lineTooLong(limit: 12)),
            (":1234567890123\n", .bareLineFeed),  // the 13th byte could have been the CR
            (thirtyFive + "+" + String(repeating: "a", count: 20) + "\r\n", .replyTooLarge(limit: 48)),
            (thirtyFive + "+abcdefghijk\r\n", .replyTooLarge(limit: 48)),
            (thirtyFive + "?", .unknownType(UInt8(ascii: "?"))),
        ]
        for (raw, expected) in cases {
            #expect(Self.refusal(raw, limits: limits) == expected, "\(raw.debugDescription) whole")
            var parser = RESPParser(limits: limits)
            var error: RESPError?
            for byte in raw.utf8 where error == nil {
                parser.append([byte])
                error = Self.drain(&parser).error
            }
            #expect(error == expected, "\(raw.debugDescription) a byte at a time")
        }
    }

    @Test func descriptionsAreSentencesWithoutReplyContents() {
        #expect(
            RESPError.unknownType(0x3F).description
                == "Redis sent an element starting with byte 0x3F, which is no RESP type.")
        #expect(RESPError.unsupportedType(UInt8(ascii: "%")).description.contains("0x25"))
        #expect(RESPError.replyTooLarge(limit: 40).description == "Redis sent a reply larger than 40 bytes.")
        #expect(RESPError.bareLineFeed.description.hasSuffix("."))
    }
}
