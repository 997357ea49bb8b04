import Testing
@testable import Core

@Suite struct TokenFingerprintTests {
    /// SHA-256("abc") starts ba7816bf (FIPS 180-4 example).
    @Test func isTheFirstFourBytesOfSHA256InHex() {
        #expect(TokenFingerprint.of("abc") == "sha256:ba7816bf")
    }

    @Test func tellsTokensApart() {
        #expect(TokenFingerprint.of("token-a") != TokenFingerprint.of("token-b"))
    }
}
