import Testing

@testable import Core

@Suite struct RESPCommandTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func aCommandIsAnArrayOfBulkStrings() {
        #expect(Self.text(RESPCommand.encode(["GET", "key"])) == "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n")
        #expect(Self.text(RESPCommand.encode(["PING"])) == "*1\r\n$4\r\nPING\r\n")
    }

    @Test func lengthsCountBytesSoAnyBytesPass() {
        #expect(Self.text(RESPCommand.encode(["SET", "", "é"])) == "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$2\r\né\r\n")
        let binary: [UInt8] = [13, 10, 0, 0xFF]
        #expect(RESPCommand.encode([binary]) == Array("*1\r\n$4\r\n".utf8) + binary + [13, 10])
    }

    @Test func theClientsCommandsAreSpelledAsRedisDocumentsThem() {
        #expect(Self.text(RESPCommand.auth(username: nil, password: "p w")) == "*2\r\n$4\r\nAUTH\r\n$3\r\np w\r\n")
        #expect(
            Self.text(RESPCommand.auth(username: "cache", password: "pw"))
                == "*3\r\n$4\r\nAUTH\r\n$5\r\ncache\r\n$2\r\npw\r\n")
        #expect(Self.text(RESPCommand.select(database: 12)) == "*2\r\n$6\r\nSELECT\r\n$2\r\n12\r\n")
        #expect(Self.text(RESPCommand.get(key: Array("k1".utf8))) == "*2\r\n$3\r\nGET\r\n$2\r\nk1\r\n")
        #expect(
            Self.text(RESPCommand.set(key: Array("k1".utf8), value: Array("{}".utf8), expiresInMilliseconds: 60000))
                == "*5\r\n$3\r\nSET\r\n$2\r\nk1\r\n$2\r\n{}\r\n$2\r\nPX\r\n$5\r\n60000\r\n")
    }

    /// Cross-check against the parser: what the encoder writes reads back as the same arguments.
    @Test func anEncodedCommandParsesBackToItsArguments() throws {
        let arguments: [[UInt8]] = [Array("SET".utf8), [], [13, 10, 13, 10], Array(0...255), Array("PX".utf8)]
        var parser = RESPParser()
        parser.append(RESPCommand.encode(arguments))
        #expect(try parser.next() == .array(arguments.map { .bulkString($0) }))
        #expect(try parser.next() == nil)
    }
}
