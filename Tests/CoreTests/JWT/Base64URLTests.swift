import Testing
@testable import Core

@Suite struct Base64URLTests {
    /// RFC 4648 §10 test vectors, in the url-safe alphabet and without padding.
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) throws {
        #expect(Base64URL.encode(plain) == encoded)
        #expect(try Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func usesTheUrlSafeAlphabet() throws {
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(try Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
    }

    @Test func roundTripsEveryLength() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(try Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: ["Zg==", "Zm8=", "+/+/", "Zm9v YmFy", "Zm9v\nYmFy", "Zm9v\u{0}", "Zm9vé"])
    func rejectsPaddingStandardAlphabetAndWhitespace(input: String) {
        #expect(throws: Base64URL.DecodingError.self) { try Base64URL.decode(input) }
    }

    @Test func rejectsImpossibleLength() {
        #expect(throws: Base64URL.DecodingError.invalidLength(5)) { try Base64URL.decode("Zm9vY") }
    }

    /// "Zh" would decode to "f" too if the unused bits were ignored; only "Zg" is canonical.
    @Test func rejectsNonZeroTrailingBits() {
        #expect(throws: Base64URL.DecodingError.nonCanonicalTrailingBits) { try Base64URL.decode("Zh") }
    }
}
