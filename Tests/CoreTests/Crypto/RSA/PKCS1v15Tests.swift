import Testing
@testable import Core

@Suite struct PKCS1v15Tests {
    /// RFC 8017 §9.2 with the SHA-256 DigestInfo of note 1.
    @Test func encodesTheSHA256DigestInfoAfterPaddingOfFFBytes() {
        let digest = (0..<32).map { UInt8($0) }
        let encoded = PKCS1v15.encodeSHA256(digest: digest, length: 256)
        #expect(encoded.count == 256)
        #expect(encoded.prefix(2) == [0x00, 0x01])
        #expect(encoded[2..<(256 - 52)].allSatisfy { $0 == 0xFF })
        #expect(encoded[256 - 52] == 0x00)
        #expect(Array(encoded.suffix(51)).hex == "3031300d060960864801650304020105000420" + digest.hex)
    }
}
