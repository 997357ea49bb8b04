import Testing

@testable import Core

/// SipHash-2-4 with 128-bit output against the authors' reference vectors (github.com/veorq/SipHash, `vectors.h`,
/// `vectors_sip128`), kept as data in Vectors/siphash24-128.json.
@Suite struct SipHash24Tests {
    private static func bytes(_ tag: (low: UInt64, high: UInt64)) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: tag.low >> (8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: tag.high >> (8 * $0)) }
    }

    @Test func referenceVectorsForEveryLengthUpTo63() throws {
        let vectors = try Vectors.json("siphash24-128")
        let keyHex = try #require(vectors["key"] as? String)
        let key = try #require([UInt8](hex: keyHex))
        let outputs = try #require(vectors["outputs"] as? [String])
        try #require(outputs.count == 64)
        let function = SipHash24(key: key)
        for (length, expected) in outputs.enumerated() {
            let message = (0..<length).map { UInt8($0) }
            let tag = message.withUnsafeBytes { function.hash128($0) }
            #expect(Self.bytes(tag).hex == expected, "message length \(length)")
        }
    }

    @Test func contiguousAndNonContiguousInputsAgree() {
        let function = SipHash24(k0: 0x0123_4567_89ab_cdef, k1: 0xfedc_ba98_7654_3210)
        let text = "V2_296398617516703746-at_296398617516769282" + String(repeating: "x", count: 40)
        let viaString = function.hash128(text.utf8)
        let viaLazy = function.hash128(text.utf8.lazy.map { $0 })  // not contiguous: copied first
        #expect(viaString == viaLazy)
        #expect(function.hash128(text.utf8.dropFirst(3)) == function.hash128(Array(text.utf8.dropFirst(3))))
    }

    @Test func theKeyChangesEveryOutput() {
        let message = Array("the same token".utf8)
        let a = SipHash24(k0: 1, k1: 2).hash128(message)
        let b = SipHash24(k0: 1, k1: 3).hash128(message)
        #expect(a.low != b.low && a.high != b.high)
    }

    @Test func randomKeysDiffer() {
        let first = SipHash24.randomKey(), second = SipHash24.randomKey()
        #expect((first.k0, first.k1) != (second.k0, second.k1))
    }
}
