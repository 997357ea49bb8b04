import Testing

@testable import Core

@Suite struct ASN1ObjectIdentifierTests {
    @Test func namesRSAEncryption() {
        #expect(ASN1ObjectIdentifier.rsaEncryption.description == "1.2.840.113549.1.1.1 (rsaEncryption)")
    }

    @Test func printsUnknownIdentifiersDotted() throws {
        // 2.999.3: the first subidentifier 1079 = 80 + 999 spans two octets.
        #expect(try ASN1ObjectIdentifier(derContent: [0x88, 0x37, 0x03]).description == "2.999.3")
        #expect(
            try ASN1ObjectIdentifier(derContent: [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]).description
                == "1.2.840.10045.2.1 (EC public key)")
    }

    /// X.690 §8.19.2: no 0x80 padding octet at the start of a subidentifier, and the last octet ends one.
    @Test func rejectsNonMinimalOrUnterminatedSubidentifiers() {
        #expect(throws: DERError.malformedObjectIdentifier) {
            try ASN1ObjectIdentifier(derContent: [0x2A, 0x80, 0x01])
        }
        #expect(throws: DERError.malformedObjectIdentifier) { try ASN1ObjectIdentifier(derContent: [0x2A, 0x86]) }
        #expect(throws: DERError.malformedObjectIdentifier) { try ASN1ObjectIdentifier(derContent: []) }
    }
}
