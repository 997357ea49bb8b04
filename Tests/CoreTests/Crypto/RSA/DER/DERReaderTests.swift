import Testing

@testable import Core

@Suite struct DERReaderTests {
    private func readInteger(_ bytes: [UInt8]) throws(DERError) -> [UInt8] {
        var reader = DERReader(bytes)
        let value = try reader.readUnsignedInteger()
        try reader.finish()
        return value
    }

    @Test func readsIntegersAsMagnitudesWithoutTheSignByte() throws {
        #expect(try readInteger([0x02, 0x01, 0x00]) == [0x00])
        #expect(try readInteger([0x02, 0x01, 0x7F]) == [0x7F])
        #expect(try readInteger([0x02, 0x02, 0x00, 0x80]) == [0x80])
        #expect(try readInteger([0x02, 0x03, 0x01, 0x00, 0x01]) == [0x01, 0x00, 0x01])
    }

    /// X.690 §8.3.2: the first nine bits are never all zero or all one.
    @Test func rejectsSuperfluousLeadingIntegerBytes() {
        #expect(throws: DERError.nonMinimalInteger) { try readInteger([0x02, 0x02, 0x00, 0x7F]) }
        #expect(throws: DERError.nonMinimalInteger) { try readInteger([0x02, 0x02, 0xFF, 0x80]) }
    }

    @Test func rejectsNegativeAndEmptyIntegers() {
        #expect(throws: DERError.negativeInteger) { try readInteger([0x02, 0x01, 0x80]) }
        #expect(throws: DERError.negativeInteger) { try readInteger([0x02, 0x02, 0xFF, 0x7F]) }
        #expect(throws: DERError.emptyInteger) { try readInteger([0x02, 0x00]) }
    }

    @Test func acceptsLongFormLengthsOnlyWhenNeeded() throws {
        let content = [UInt8](repeating: 0x41, count: 200)
        var reader = DERReader([0x04, 0x81, 200] + content)
        #expect(try reader.readOctetString().elementsEqual(content))
        let big = [UInt8](repeating: 0x42, count: 300)
        reader = DERReader([0x04, 0x82, 0x01, 0x2C] + big)
        #expect(try reader.readOctetString().elementsEqual(big))
    }

    /// X.690 §10.1: the shortest length form, no leading zero octets, no indefinite form.
    @Test func rejectsNonMinimalAndIndefiniteLengths() {
        var reader = DERReader([0x04, 0x81, 0x05, 1, 2, 3, 4, 5])
        #expect(throws: DERError.nonMinimalLength) { try reader.readOctetString() }
        reader = DERReader([0x04, 0x82, 0x00, 0x81] + [UInt8](repeating: 0, count: 0x81))
        #expect(throws: DERError.nonMinimalLength) { try reader.readOctetString() }
        reader = DERReader([0x04, 0x80, 0x05, 0x00, 0x00, 0x00])
        #expect(throws: DERError.indefiniteLength) { try reader.readOctetString() }
    }

    @Test func rejectsLengthsPastTheInputBeforeAllocating() {
        var reader = DERReader([0x04, 0x05, 1, 2])
        #expect(throws: DERError.truncated) { try reader.readOctetString() }
        reader = DERReader([0x04, 0x82, 0x01])
        #expect(throws: DERError.truncated) { try reader.readOctetString() }
        reader = DERReader([0x04])
        #expect(throws: DERError.truncated) { try reader.readOctetString() }
        reader = DERReader([])
        #expect(throws: DERError.truncated) { try reader.readOctetString() }
    }

    @Test func rejectsHugeLengths() {
        var reader = DERReader([0x04, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x00])
        #expect(throws: DERError.hugeLength) { try reader.readOctetString() }
        reader = DERReader([0x04, 0x88, 1, 0, 0, 0, 0, 0, 0, 0])
        #expect(throws: DERError.hugeLength) { try reader.readOctetString() }
        reader = DERReader([0x04, 0x83, 0x01, 0x00, 0x01])
        #expect(throws: DERError.hugeLength) { try reader.readOctetString() }
    }

    @Test func rejectsAnUnexpectedTag() {
        var reader = DERReader([0x04, 0x01, 0x00])
        #expect(throws: DERError.wrongTag(expected: .integer, found: 0x04)) { try reader.readUnsignedInteger() }
    }

    @Test func rejectsTrailingBytesInsideAndAfterASequence() throws {
        var reader = DERReader([0x30, 0x03, 0x02, 0x01, 0x05])
        #expect(try reader.readSequence { try $0.readSmallInteger() } == 5)
        try reader.finish()

        reader = DERReader([0x30, 0x04, 0x02, 0x01, 0x05, 0x00])
        #expect(throws: DERError.trailingBytes(count: 1)) { try reader.readSequence { try $0.readSmallInteger() } }

        reader = DERReader([0x30, 0x03, 0x02, 0x01, 0x05, 0xAA, 0xBB])
        _ = try reader.readSequence { try $0.readSmallInteger() }
        #expect(throws: DERError.trailingBytes(count: 2)) { try reader.finish() }
    }

    @Test func limitsNestingDepth() throws {
        // SEQUENCE { SEQUENCE { ... NULL } } nested `depth` times.
        func nested(_ depth: Int) -> [UInt8] {
            var bytes: [UInt8] = [0x05, 0x00]
            for _ in 0..<depth { bytes = [0x30, UInt8(bytes.count)] + bytes }
            return bytes
        }
        func readNested(_ reader: inout DERReader) throws {
            if reader.nextTag == 0x30 { try reader.readSequence { try readNested(&$0) } } else { try reader.readNull() }
        }
        var reader = DERReader(nested(DERReader.maxDepth))
        try readNested(&reader)
        reader = DERReader(nested(DERReader.maxDepth + 1))
        #expect(throws: DERError.tooDeep) { try readNested(&reader) }
    }

    @Test func readsNullBitStringAndObjectIdentifier() throws {
        var reader = DERReader([0x05, 0x00, 0x03, 0x03, 0x00, 0xAB, 0xCD, 0x06, 0x03, 0x2B, 0x65, 0x70])
        try reader.readNull()
        #expect(try reader.readBitStringBytes().elementsEqual([0xAB, 0xCD]))
        #expect(try reader.readObjectIdentifier().description == "1.3.101.112 (Ed25519)")
        try reader.finish()
    }

    @Test func rejectsNullWithContentAndBitStringsWithUnusedBits() {
        var reader = DERReader([0x05, 0x01, 0x00])
        #expect(throws: DERError.nonEmptyNull) { try reader.readNull() }
        reader = DERReader([0x03, 0x02, 0x04, 0xF0])
        #expect(throws: DERError.malformedBitString) { try reader.readBitStringBytes() }
        reader = DERReader([0x03, 0x00])
        #expect(throws: DERError.malformedBitString) { try reader.readBitStringBytes() }
    }
}
