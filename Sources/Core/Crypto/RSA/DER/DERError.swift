/// Why a byte string is not the DER structure that was expected (X.690 §8, §10).
///
/// Internal: key loading reports these as `KeyFormatError`, which knows it was reading a key.
enum DERError: Error, Equatable, Sendable {
    /// The input ends inside a tag, a length, or before the content a length announced.
    case truncated
    /// A length larger than anything a key contains (more than `DERReader.maxElementLength`).
    case hugeLength
    case wrongTag(expected: DERTag, found: UInt8)
    case trailingBytes(count: Int)
    /// The BER indefinite-length form, which DER forbids (§10.1).
    case indefiniteLength
    /// A long-form length that fits the short form, or starts with a zero octet (§10.1).
    case nonMinimalLength
    case tooDeep
    case emptyInteger
    /// A superfluous leading 0x00 or 0xFF octet (§8.3.2).
    case nonMinimalInteger
    case negativeInteger
    case integerTooLarge
    case nonEmptyNull
    case malformedBitString
    case malformedObjectIdentifier
}
