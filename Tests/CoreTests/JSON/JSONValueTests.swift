import Foundation
import Testing
@testable import Core

@Suite struct JSONValueTests {
    let sample: JSONValue = ["active": true, "exp": 1_733_206_543, "aud": ["a", "b"], "name": "n", "none": nil, "ratio": 0.5]

    @Test func accessorsReturnValuesOfTheirTypeOnly() {
        #expect(sample["active"]?.boolValue == true)
        #expect(sample["exp"]?.intValue == 1_733_206_543)
        #expect(sample["exp"]?.doubleValue == 1_733_206_543)
        #expect(sample["ratio"]?.intValue == nil)
        #expect(sample["name"]?.stringValue == "n")
        #expect(sample["name"]?.boolValue == nil)
        #expect(sample["aud"]?[1]?.stringValue == "b")
        #expect(sample["aud"]?[2] == nil)
        #expect(sample["none"]?.isNull == true)
        #expect(sample["missing"] == nil)
        #expect(sample["aud"]?.arrayValue?.count == 2)
        #expect(sample.objectValue?.count == 6)
        #expect(JSONValue.string("x")["key"] == nil)
    }

    @Test func intValueRefusesNumbersOutsideInt() {
        #expect(JSONValue.number(1e300).intValue == nil)
        #expect(JSONValue.number(-3).intValue == -3)
    }

    @Test func codableRoundTripsThroughJSONDecoderKeepingBoolsAndNumbersApart() throws {
        let text = #"{"b":true,"n":1,"z":0,"s":"x","a":[null,false],"o":{"k":2.5}}"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded == ["b": true, "n": 1, "z": 0, "s": "x", "a": [nil, false], "o": ["k": 2.5]])
        let reencoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(decoded))
        #expect(reencoded == decoded)
    }
}
