/// A strict reader of DER (ITU-T X.690 §10, which restricts the BER rules of §8) over a byte buffer.
///
/// Invariant: every element it hands out had a single-byte tag equal to the one asked for, a definite length in its
/// shortest form (§10.1) that fits in what is left of the enclosing element, and sits at most `maxDepth` levels
/// deep. A length that would run past the input is refused before anything is allocated, so hostile input costs
/// at most one pass over its bytes. Anything DER allows in only one way is accepted in only that way, so a key has
/// exactly one encoding we read.
///
/// The reader is a cursor: callers say what they expect next (`readSequence`, `readUnsignedInteger`, ...) and the
/// structure of the calling code is the schema. `finish()` refuses bytes left over after the last expected element.
struct DERReader {
    /// Nesting limit. A PKCS#8 RSA key is four levels deep (PrivateKeyInfo ⊃ OCTET STRING ⊃ RSAPrivateKey); eight
    /// leaves room and still stops a structure built to exhaust the stack.
    static let maxDepth = 8

    /// The largest content length accepted: an RSA-16384 private key is about 9.4 KiB of DER. A bigger declared
    /// length is a corrupted or hostile header, reported as such rather than as a truncated key.
    static let maxElementLength = 64 * 1024

    private let bytes: ArraySlice<UInt8>
    private var position: Int
    private let depth: Int

    init(_ bytes: [UInt8]) {
        self.init(bytes[...], depth: 0)
    }

    private init(_ bytes: ArraySlice<UInt8>, depth: Int) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.depth = depth
    }

    var isAtEnd: Bool { position == bytes.endIndex }

    /// The tag of the next element without consuming it, or nil at the end.
    var nextTag: UInt8? { isAtEnd ? nil : bytes[position] }

    /// Refuses any byte after the last element the caller expected.
    func finish() throws(DERError) {
        if !isAtEnd { throw .trailingBytes(count: bytes.endIndex - position) }
    }

    /// Reads one element with exactly `tag` and returns its content octets.
    mutating func readElement(tag: DERTag) throws(DERError) -> ArraySlice<UInt8> {
        guard let found = nextTag else { throw .truncated }
        guard found == tag.rawValue else { throw .wrongTag(expected: tag, found: found) }
        var cursor = position + 1
        let length = try readLength(at: &cursor)
        // Compare against what is left before slicing: nothing is allocated for a length the input cannot back.
        guard length <= bytes.endIndex - cursor else { throw .truncated }
        position = cursor + length
        return bytes[cursor..<position]
    }

    /// Reads a constructed SEQUENCE and hands a reader over its content to `body`, which must consume all of it.
    /// `body` may throw errors of its own (a wrong version, another algorithm) besides `DERError`.
    mutating func readSequence<T>(_ body: (inout DERReader) throws -> T) throws -> T {
        try readConstructed(tag: .sequence, body)
    }

    mutating func readConstructed<T>(tag: DERTag, _ body: (inout DERReader) throws -> T) throws -> T {
        guard depth < Self.maxDepth else { throw DERError.tooDeep }
        var inner = DERReader(try readElement(tag: tag), depth: depth + 1)
        let result = try body(&inner)
        try inner.finish()
        return result
    }

    /// Reads a non-negative INTEGER (§8.3) and returns its magnitude, big-endian, without the sign byte.
    ///
    /// §8.3.2: the first nine bits of a multi-byte INTEGER must not be all zero or all one, so `00 7F` and `FF 80`
    /// are refused. Every RSA number is positive (RFC 8017 §A.1), so a set sign bit is refused too.
    mutating func readUnsignedInteger() throws(DERError) -> [UInt8] {
        let content = try readElement(tag: .integer)
        guard let first = content.first else { throw .emptyInteger }
        if content.count > 1 {
            let second = content[content.startIndex + 1]
            if (first == 0x00 && second & 0x80 == 0) || (first == 0xFF && second & 0x80 != 0) {
                throw .nonMinimalInteger
            }
        }
        guard first & 0x80 == 0 else { throw .negativeInteger }
        return Array(first == 0 && content.count > 1 ? content.dropFirst() : content)
    }

    /// Reads a small non-negative INTEGER such as a structure's version number.
    mutating func readSmallInteger() throws(DERError) -> Int {
        let magnitude = try readUnsignedInteger()
        guard magnitude.count <= 4 else { throw .integerTooLarge }
        return magnitude.reduce(0) { $0 << 8 | Int($1) }
    }

    /// Reads NULL, whose content must be empty (§8.8.2).
    mutating func readNull() throws(DERError) {
        guard try readElement(tag: .null).isEmpty else { throw .nonEmptyNull }
    }

    mutating func readObjectIdentifier() throws(DERError) -> ASN1ObjectIdentifier {
        try ASN1ObjectIdentifier(derContent: readElement(tag: .objectIdentifier))
    }

    /// Reads an OCTET STRING in its primitive form (§10.2: DER forbids the constructed form).
    mutating func readOctetString() throws(DERError) -> ArraySlice<UInt8> {
        try readElement(tag: .octetString)
    }

    /// Reads a BIT STRING that holds whole bytes, as the key of a SubjectPublicKeyInfo does (RFC 5280 §4.1.2.7).
    mutating func readBitStringBytes() throws(DERError) -> ArraySlice<UInt8> {
        let content = try readElement(tag: .bitString)
        // §8.6.2.2: the first content octet counts the unused bits of the last octet; a key uses all of them.
        guard let unusedBits = content.first else { throw .malformedBitString }
        guard unusedBits == 0 else { throw .malformedBitString }
        return content.dropFirst()
    }

    /// §8.1.3 and §10.1: short form below 128, otherwise long form with no leading zero octet and no more octets
    /// than needed; the indefinite form (0x80) does not exist in DER.
    private func readLength(at cursor: inout Int) throws(DERError) -> Int {
        guard cursor < bytes.endIndex else { throw .truncated }
        let first = bytes[cursor]
        cursor += 1
        if first < 0x80 { return Int(first) }
        if first == 0x80 { throw .indefiniteLength }
        let octetCount = Int(first & 0x7F)
        // Four octets already describe 4 GiB; more than that is never a key.
        guard octetCount <= 4 else { throw .hugeLength }
        guard octetCount <= bytes.endIndex - cursor else { throw .truncated }
        var length = 0
        for index in cursor..<cursor + octetCount { length = length << 8 | Int(bytes[index]) }
        if bytes[cursor] == 0 || length < 0x80 { throw .nonMinimalLength }
        cursor += octetCount
        guard length <= Self.maxElementLength else { throw .hugeLength }
        return length
    }
}
