import Testing
@testable import Core

@Suite struct NatTests {
    @Test func bigEndianBytesRoundTripWithLeadingZerosAndPadding() throws {
        let bytes: [UInt8] = [0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]
        let nat = try #require(Nat(bigEndian: bytes, limbCount: 2))
        #expect(nat.limbs == [0x0203_0405_0607_0809, 0x01])
        #expect(nat.bigEndianBytes(count: 11) == bytes)
        #expect(nat.bigEndianBytes(count: 9) == Array(bytes.dropFirst(2)))
        #expect(Nat(bigEndian: []).limbs == [0])
    }

    @Test func valueTooWideForTheAnnouncedLengthIsRefused() {
        #expect(Nat(bigEndian: [0x01] + [UInt8](repeating: 0, count: 8), limbCount: 1) == nil)
        #expect(Nat(bigEndian: [0x00] + [UInt8](repeating: 0xFF, count: 8), limbCount: 1)?.limbs == [.max])
    }

    @Test func comparisonsAndEquality() {
        let a = Nat(limbs: [5, 7]), b = Nat(limbs: [6, 7]), c = Nat(limbs: [0, 8])
        #expect(a.ctLess(b).isYesVarTime && !b.ctLess(a).isYesVarTime)
        #expect(b.ctLess(c).isYesVarTime)
        #expect(!a.ctLess(a).isYesVarTime && a.ctGeq(a).isYesVarTime)
        #expect(a.ctEq(Nat(limbs: [5, 7])).isYesVarTime && !a.ctEq(b).isYesVarTime)
        #expect(Nat(limbCount: 3).isZero().isYesVarTime && !a.isZero().isYesVarTime)
    }

    @Test func assignSelectAndMaybeSubtract() {
        var x = Nat(limbs: [1, 2])
        x.assign(Nat(limbs: [3, 4]), on: .no)
        #expect(x.limbs == [1, 2])
        x.assign(Nat(limbs: [3, 4]), on: .yes)
        #expect(x.limbs == [3, 4])
        #expect(Nat.select(.yes, Nat(limbs: [9]), Nat(limbs: [8])).limbs == [9])
        var y = Nat(limbs: [10])
        y.maybeSubtract(Nat(limbs: [7]))
        #expect(y.limbs == [3])
        y.maybeSubtract(Nat(limbs: [7]))
        #expect(y.limbs == [3])
    }

    @Test func additionAndSubtractionCarryAcrossLimbs() {
        var x = Nat(limbs: [.max, .max, 0])
        #expect(x.add(Nat(limbs: [1, 0, 0])) == 0)
        #expect(x.limbs == [0, 0, 1])
        #expect(x.subtract(Nat(limbs: [1, 0, 0])) == 0)
        #expect(x.limbs == [.max, .max, 0])
        var zero = Nat(limbCount: 2)
        #expect(zero.subtract(Nat(limbs: [1, 0])) == 1)
        #expect(zero.limbs == [.max, .max])
    }

    @Test func fullWidthProductMatchesTheReference() {
        var random = SplitMix64(seed: 42)
        for (left, right) in [(1, 1), (16, 16), (32, 1), (3, 17)] {
            let x = random.nat(limbCount: left), y = random.nat(limbCount: right)
            let product = x.multipliedFullWidth(by: y)
            #expect(product.limbCount == left + right)
            #expect(ReferenceNat(product) == ReferenceNat(x) * ReferenceNat(y))
        }
        let allOnes = Nat(limbs: [.max, .max])
        #expect(ReferenceNat(allOnes.multipliedFullWidth(by: allOnes)) == ReferenceNat(allOnes) * ReferenceNat(allOnes))
    }

    /// The bit-serial remainder handles even moduli such as p − 1.
    @Test func remainderByAnyModulusMatchesTheReference() {
        var random = SplitMix64(seed: 1234)
        for (width, modulusLimbs) in [(32, 16), (16, 16), (5, 2), (2, 3)] {
            let x = random.nat(limbCount: width)
            var m = random.nat(limbCount: modulusLimbs)
            m.limbs[0] &= ~1  // even
            m.limbs[modulusLimbs - 1] |= 1 << 60
            #expect(ReferenceNat(x.remainder(dividingBy: m)) == ReferenceNat(x) % ReferenceNat(m))
        }
        #expect(Nat(limbs: [10]).remainder(dividingBy: Nat(limbs: [1])).limbs == [0])
        #expect(Nat(limbs: [.max, .max]).remainder(dividingBy: Nat(limbs: [.max])).limbs == [0])
    }

    @Test func exactDivisionByAnOddWord() {
        var random = SplitMix64(seed: 77)
        for divisor: UInt64 in [3, 65537, .max] {
            let quotient = random.nat(limbCount: 8).resized(to: 9)
            let product = quotient.multipliedFullWidth(by: Nat(divisor, limbCount: 1)).resized(to: 9)
            #expect(product.dividedExactly(by: divisor).limbs == quotient.limbs)
        }
    }

    @Test func variableTimeHelpers() {
        let x = Nat(limbs: [0b1000, 0b101, 0])
        #expect(x.bitLengthVarTime() == 67)
        #expect(x.trailingZeroBitCountVarTime() == 3)
        #expect(x.shiftedRightVarTime(3).limbs == [(0b101 << 61) | 1, 0, 0])
        #expect(x.shiftedRightVarTime(64).limbs == [0b101, 0, 0])
        #expect(x.bitVarTime(64) == 1 && x.bitVarTime(65) == 0 && x.bitVarTime(1000) == 0)
        #expect(Nat(limbCount: 2).bitLengthVarTime() == 0)
    }

    @Test func quotientAndRemainderMatchTheReference() {
        var random = SplitMix64(seed: 4321)
        for (width, divisorLimbs) in [(4, 2), (16, 16), (3, 1)] {
            let x = random.nat(limbCount: width)
            var m = random.nat(limbCount: divisorLimbs)
            m.limbs[divisorLimbs - 1] |= 1 << 62
            let (quotient, remainder) = x.quotientAndRemainder(dividingBy: m)
            #expect(ReferenceNat(quotient) * ReferenceNat(m) + ReferenceNat(remainder) == ReferenceNat(x))
            #expect(ReferenceNat(remainder) < ReferenceNat(m))
        }
    }

    @Test func gcdOfOddValues() {
        #expect(Nat(limbs: [15, 0]).gcdOfOdd(Nat(limbs: [10, 0])).limbs == [5, 0])
        #expect(Nat(limbs: [17, 0]).gcdOfOdd(Nat(limbs: [0, 1])).limbs == [1, 0])
        #expect(Nat(limbs: [9, 0]).gcdOfOdd(Nat(limbs: [0, 0])).limbs == [9, 0])
        // (2⁶⁴ − 1)·3 and (2⁶⁴ − 1)·5 share 2⁶⁴ − 1.
        let common = Nat(limbs: [.max, 0])
        let a = common.multipliedFullWidth(by: Nat(3, limbCount: 1)).resized(to: 2)
        let b = common.multipliedFullWidth(by: Nat(10, limbCount: 1)).resized(to: 2)
        #expect(a.gcdOfOdd(b).limbs == [.max, 0])
    }
}
