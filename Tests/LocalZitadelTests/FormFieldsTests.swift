import Testing
@testable import LocalZitadelKit

@Suite struct FormFieldsTests {
    @Test func firstValueOfARepeatedNameCounts() throws {
        let form = try FormFields(body: Array("scope=a&scope=b&token=x%2By+z".utf8))
        #expect(form["scope"] == "a")
        #expect(form["token"] == "x+y z")
        #expect(form["missing"] == nil)
    }

    @Test func componentUnescapingKeepsAmpersandAndEquals() throws {
        #expect(try FormFields.unescapeComponent("a&b=c%21+d") == "a&b=c! d")
        #expect(try FormFields.unescapeComponent("") == "")
    }

    @Test func badEscapeIsAnError() throws {
        #expect(throws: (any Error).self) { try FormFields(body: Array("a=%zz".utf8)) }
        #expect(throws: (any Error).self) { try FormFields(body: [0x61, 0x3D, 0xFF]) }
    }
}
