import Testing
@testable import Core

@Suite struct JSONValueParsingTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(#" {"a":[1,-2.5e3,0.0,true,false,null],"s":"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","o":{}} "#)
        #expect(value == ["a": [1, -2500, 0, true, false, nil], "s": "x\"\\/\u{8}\u{c}\n\r\té😀", "o": [:]])
        #expect(try JSONValue.parse("\"é\"") == "é")
        #expect(try JSONValue.parse("[]") == [])
        #expect(try JSONValue.parse("42") == 42)
    }

    @Test(arguments: [
        ("", JSONParseError.Reason.unexpectedEnd), ("{", .unexpectedEnd), ("[1,]", .unexpectedByte),
        ("{\"a\":1,}", .unexpectedByte), ("01", .trailingData), ("1.", .invalidNumber), ("-", .invalidNumber),
        (".5", .unexpectedByte), ("1e", .invalidNumber), ("1e400", .numberOutOfRange), ("\"\\x\"", .invalidEscape),
        ("\"\\ud800\"", .loneSurrogate), ("\"\\udc00\"", .loneSurrogate), ("\"a\nb\"", .controlCharacterInString),
        ("{\"a\":1,\"a\":2}", .duplicateKey("a")), ("tru", .unexpectedEnd), ("nul1", .unexpectedByte),
        ("{} {}", .trailingData), ("// c\n1", .unexpectedByte), ("'a'", .unexpectedByte), ("NaN", .unexpectedByte),
    ])
    func rejectsWhatRFC8259Rejects(text: String, reason: JSONParseError.Reason) {
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        #expect(error?.reason == reason)
    }

    @Test func rejectsInvalidUTF8InStrings() {
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(error?.reason == .invalidUTF8)
    }

    @Test func limitsNestingDepth() throws {
        let deep = JSONValue.maxParseDepth
        _ = try JSONValue.parse(String(repeating: "[", count: deep) + String(repeating: "]", count: deep))
        let error = #expect(throws: JSONParseError.self) {
            try JSONValue.parse(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        }
        #expect(error?.reason == .tooDeep)
    }

    @Test func errorsGiveTheOffsetButNotTheText() {
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"secret-token-value" 1}"#) }
        #expect(error?.offset == 22)
        #expect(error?.description.contains("secret") == false)
    }
}
