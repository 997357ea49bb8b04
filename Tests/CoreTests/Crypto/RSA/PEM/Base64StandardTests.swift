import Testing

@testable import Core

@Suite struct Base64StandardTests {
    /// RFC 4648 §10.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) throws {
        #expect(Base64Standard.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64Standard.decode(Array(encoded.utf8)) == Array(plain.utf8))
    }

    @Test func usesTheStandardAlphabet() throws {
        #expect(Base64Standard.encode([0xfb, 0xff, 0xbf]) == "+/+/")
        #expect(try Base64Standard.decode(Array("+/+/".utf8)) == [0xfb, 0xff, 0xbf])
    }

    @Test func skipsWhitespaceAndAcceptsMissingPadding() throws {
        #expect(try Base64Standard.decode(Array("Zm9v\r\nYm Fy\tYg".utf8)) == Array("foobarb".utf8))
        #expect(try Base64Standard.decode(Array("Zm9vYg".utf8)) == Array("foob".utf8))
    }

    @Test(arguments: ["Zm9v-_", "Zg=\nZg==", "Zg===", "Zm8==", "Z", "Zh==", "Zg==Zg=="])
    func rejectsMalformedText(text: String) {
        #expect(throws: KeyFormatError.self) { try Base64Standard.decode(Array(text.utf8)) }
    }

    @Test func roundTripsEveryLength() throws {
        for length in 0..<100 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(try Base64Standard.decode(Array(Base64Standard.encode(bytes).utf8)) == bytes)
        }
    }
}
