import Testing

@testable import Core

@Suite struct DERWriterTests {
    @Test(arguments: [
        ([UInt8](), [0x02, 0x01, 0x00] as [UInt8]),
        ([0x00, 0x00], [0x02, 0x01, 0x00]),
        ([0x7F], [0x02, 0x01, 0x7F]),
        ([0x80], [0x02, 0x02, 0x00, 0x80]),
        ([0x00, 0x01, 0x00, 0x01], [0x02, 0x03, 0x01, 0x00, 0x01]),
    ])
    func writesMinimalPositiveIntegers(magnitude: [UInt8], expected: [UInt8]) throws {
        var writer = DERWriter()
        writer.writeUnsignedInteger(magnitude)
        #expect(writer.bytes == expected)
        var reader = DERReader(writer.bytes)
        #expect(
            try reader.readUnsignedInteger()
                == (magnitude.drop { $0 == 0 }.isEmpty ? [0] : Array(magnitude.drop { $0 == 0 })))
    }

    @Test func writesShortAndLongLengths() {
        for (count, header) in [
            (0, [0x04, 0x00]), (127, [0x04, 0x7F]), (128, [0x04, 0x81, 0x80]),
            (255, [0x04, 0x81, 0xFF]), (256, [0x04, 0x82, 0x01, 0x00]), (70000, [0x04, 0x83, 0x01, 0x11, 0x70]),
        ] as [(Int, [UInt8])] {
            var writer = DERWriter()
            writer.writeOctetString([UInt8](repeating: 7, count: count))
            #expect(Array(writer.bytes.prefix(header.count)) == header)
            #expect(writer.bytes.count == header.count + count)
        }
    }

    @Test func writesTheRSAAlgorithmIdentifierAsOpenSSLDoes() {
        var writer = DERWriter()
        writer.writeSequence { algorithm in
            algorithm.writeObjectIdentifier(.rsaEncryption)
            algorithm.writeNull()
        }
        #expect(writer.bytes.hex == "300d06092a864886f70d0101010500")
    }

    @Test func writtenStructuresReadBack() throws {
        var writer = DERWriter()
        writer.writeSequence { outer in
            outer.writeBitString([1, 2, 3])
            outer.writeOctetString([4, 5])
            outer.writeNull()
        }
        var reader = DERReader(writer.bytes)
        try reader.readSequence { inner in
            #expect(try inner.readBitStringBytes().elementsEqual([1, 2, 3]))
            #expect(try inner.readOctetString().elementsEqual([4, 5]))
            try inner.readNull()
        }
        try reader.finish()
    }
}
