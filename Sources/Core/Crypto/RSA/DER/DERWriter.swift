/// Writes the DER elements a key file needs (X.690 §10), always in their one valid encoding.
struct DERWriter {
    private(set) var bytes: [UInt8] = []

    init() {}

    mutating func writeSequence(_ body: (inout DERWriter) -> Void) {
        var inner = DERWriter()
        body(&inner)
        writeElement(tag: .sequence, content: inner.bytes)
    }

    /// Writes a non-negative INTEGER from big-endian magnitude bytes: leading zeros are dropped and one 0x00 is put
    /// back when the top bit is set, so the value stays positive (§8.3.2, §8.3.3).
    mutating func writeUnsignedInteger<Bytes: Collection<UInt8>>(_ magnitude: Bytes) {
        var content = Array(magnitude.drop { $0 == 0 })
        if content.first.map({ $0 & 0x80 != 0 }) ?? true { content.insert(0, at: 0) }
        writeElement(tag: .integer, content: content)
    }

    mutating func writeNull() {
        writeElement(tag: .null, content: [])
    }

    mutating func writeObjectIdentifier(_ identifier: ASN1ObjectIdentifier) {
        writeElement(tag: .objectIdentifier, content: identifier.derContent)
    }

    /// A BIT STRING of whole bytes: the leading octet says no bits are unused (§8.6.2).
    mutating func writeBitString<Bytes: Collection<UInt8>>(_ content: Bytes) {
        writeElement(tag: .bitString, content: [0] + Array(content))
    }

    mutating func writeOctetString<Bytes: Collection<UInt8>>(_ content: Bytes) {
        writeElement(tag: .octetString, content: Array(content))
    }

    /// Tag, then the length in its shortest form (§10.1), then the content.
    private mutating func writeElement(tag: DERTag, content: [UInt8]) {
        bytes.append(tag.rawValue)
        if content.count < 0x80 {
            bytes.append(UInt8(content.count))
        } else {
            var lengthOctets = [UInt8]()
            var length = content.count
            while length > 0 {
                lengthOctets.insert(UInt8(truncatingIfNeeded: length), at: 0)
                length >>= 8
            }
            bytes.append(0x80 | UInt8(lengthOctets.count))
            bytes.append(contentsOf: lengthOctets)
        }
        bytes.append(contentsOf: content)
    }
}
