import Testing
@testable import Core

@Suite struct JSONValueSerializationTests {
    @Test func writesCompactJSONWithSortedKeysAndUnescapedSlashes() {
        let value: JSONValue = ["sub": "1", "aud": ["https://a.example/x"], "alg": "RS256", "n": nil, "t": true]
        #expect(value.serializedString == #"{"alg":"RS256","aud":["https://a.example/x"],"n":null,"sub":"1","t":true}"#)
    }

    @Test func writesIntegersWithoutFractionAndOtherNumbersShortest() {
        #expect(JSONValue.number(1_300_819_380).serializedString == "1300819380")
        #expect(JSONValue.number(-0.0).serializedString == "0")
        #expect(JSONValue.number(1.5).serializedString == "1.5")
        #expect(JSONValue.number(1e100).serializedString == "1e+100")
        #expect(JSONValue.number(.nan).serializedString == "null")
    }

    @Test func escapesQuotesBackslashesAndControlCharactersOnly() {
        #expect(JSONValue.string("a\"b\\c\n\u{1}/é").serializedString == #""a\"b\\c\n\u0001/é""#)
    }

    @Test func serializedTextParsesBackToTheSameValue() throws {
        let value: JSONValue = ["k": [1, 2.25, "x\u{0}y", ["nested": [:]], false, nil], "😀": "é"]
        #expect(try JSONValue.parse(value.serialized) == value)
    }
}
