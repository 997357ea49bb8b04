import Testing

@testable import Core

@Suite struct TokenDigestTests {
    @Test func fingerprintIsTheFirst32BitsOfSHA256() {
        // SHA-256("abc") = ba7816bf 8f01cfea ... (FIPS 180-4 example)
        #expect(TokenDigest(token: "abc").fingerprint == "ba7816bf")
    }

    @Test func fingerprintBitsAreTheSameDigitsAsANumber() {
        #expect(TokenDigest(token: "abc").fingerprintBits == 0xba78_16bf)
        #expect(TokenDigest.fingerprint(bits: 0xba78_16bf) == "ba7816bf")
        #expect(TokenDigest.fingerprint(bits: 0x0000_000f) == "0000000f")
        #expect(TokenDigest.fingerprint(bits: .max) == "ffffffff")
    }

    @Test func equalTokensGiveEqualKeysAndOthersDiffer() {
        #expect(TokenDigest(token: "t1") == TokenDigest(token: "t1"))
        #expect(TokenDigest(token: "t1") != TokenDigest(token: "t2"))
        #expect(Set([TokenDigest(token: "t1"), TokenDigest(token: "t1"), TokenDigest(token: "t2")]).count == 2)
    }

    @Test func fingerprintKeepsLeadingZeros() {
        // Search a token whose digest starts with a zero nibble; one in 16 do.
        let token = (0..<200).map { "token-\($0)" }.first { TokenDigest(token: $0).fingerprint.hasPrefix("0") }
        #expect(token.map { TokenDigest(token: $0).fingerprint.count } == 8)
    }
}
