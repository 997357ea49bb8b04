import Testing

@testable import Core

@Suite struct ConstantTimeTests {
    @Test func equalBytesAreEqualAtEveryLengthAroundTheStepSizes() {
        for length in 0...70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
            #expect(ConstantTime.equal(bytes, bytes), "length \(length)")
        }
    }

    @Test func oneDifferentBitAnywhereMakesThemUnequal() {
        // Every position of a 51-byte string (a four-word step, two single words and a tail), every bit of the byte.
        let bytes = (0..<51).map { UInt8($0) }
        for position in bytes.indices {
            for bit in 0..<8 {
                var other = bytes
                other[position] ^= 1 << bit
                #expect(!ConstantTime.equal(bytes, other), "byte \(position) bit \(bit)")
            }
        }
    }

    @Test func differentLengthsAreUnequalEvenWhenOneIsAPrefix() {
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equal([], [0]))
        #expect(ConstantTime.equal([], []))
    }
}
