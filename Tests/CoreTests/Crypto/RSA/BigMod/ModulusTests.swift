import Testing
import TestSupport
@testable import Core

/// Cross-checks Montgomery arithmetic against `ReferenceNat` with random operands at RSA sizes.
@Suite(.cpuBound) struct ModulusTests {
    static let sizes = [512, 1024, 2048, 3072, 4096]

    /// R = 2^(64n) as a reference value.
    private func r(_ modulus: Modulus) -> ReferenceNat { ReferenceNat(1) << (64 * modulus.limbCount) }

    /// z = x·y·R⁻¹ mod m ⇔ z < m and z·R ≡ x·y (mod m).
    private func expectMontgomeryProduct(_ z: Nat, _ x: Nat, _ y: Nat, _ modulus: Modulus, sourceLocation: SourceLocation = #_sourceLocation) {
        let m = ReferenceNat(modulus.nat)
        let zRef = ReferenceNat(z)
        #expect(zRef < m, sourceLocation: sourceLocation)
        #expect((zRef * r(modulus)) % m == (ReferenceNat(x) * ReferenceNat(y)) % m, sourceLocation: sourceLocation)
    }

    @Test(arguments: sizes)
    func montgomeryMultiplicationMatchesTheReference(bits: Int) throws {
        var random = SplitMix64(seed: UInt64(bits) &* 7919)
        for _ in 0..<2 {
            let modulus = try #require(Modulus(random.oddModulus(bits: bits)))
            let x = random.nat(below: modulus.nat), y = random.nat(below: modulus.nat)
            expectMontgomeryProduct(modulus.montgomeryMultiply(x, y), x, y, modulus)
        }
    }

    @Test(arguments: sizes)
    func montgomerySquaringMatchesTheReferenceAndMultiplication(bits: Int) throws {
        var random = SplitMix64(seed: UInt64(bits) &* 104_729)
        for _ in 0..<2 {
            let modulus = try #require(Modulus(random.oddModulus(bits: bits)))
            let x = random.nat(below: modulus.nat)
            let square = modulus.montgomerySquare(x)
            expectMontgomeryProduct(square, x, x, modulus)
            #expect(square.limbs == modulus.montgomeryMultiply(x, x).limbs)
        }
    }

    @Test(arguments: sizes)
    func rSquaredAndMontgomeryOneAreCorrect(bits: Int) throws {
        var random = SplitMix64(seed: UInt64(bits) &+ 17)
        let modulus = try #require(Modulus(random.oddModulus(bits: bits)))
        let m = ReferenceNat(modulus.nat)
        #expect(ReferenceNat(modulus.rr) == (r(modulus) * r(modulus)) % m)
        #expect(ReferenceNat(modulus.montgomeryOne) == r(modulus) % m)
    }

    /// c mod p for a value twice the modulus width, as in CRT signing, and for narrower and odd widths.
    @Test(arguments: sizes)
    func reductionOfWiderValuesMatchesTheReference(bits: Int) throws {
        var random = SplitMix64(seed: UInt64(bits) &* 31)
        let modulus = try #require(Modulus(random.oddModulus(bits: bits)))
        let m = ReferenceNat(modulus.nat)
        for width in [2 * modulus.limbCount, modulus.limbCount, modulus.limbCount + 1, 1] {
            let x = random.nat(limbCount: width)
            let reduced = modulus.reduce(x)
            #expect(reduced.limbCount == modulus.limbCount)
            #expect(ReferenceNat(reduced) == ReferenceNat(x) % m, "width \(width)")
            #expect(ReferenceNat(modulus.montgomeryForm(of: x)) == (ReferenceNat(x) * r(modulus)) % m)
        }
    }

    @Test(arguments: sizes)
    func modularAdditionSubtractionAndMultiplicationMatchTheReference(bits: Int) throws {
        var random = SplitMix64(seed: UInt64(bits) &* 3)
        let modulus = try #require(Modulus(random.oddModulus(bits: bits)))
        let m = ReferenceNat(modulus.nat)
        let x = random.nat(below: modulus.nat), y = random.nat(below: modulus.nat)
        let (xRef, yRef) = (ReferenceNat(x), ReferenceNat(y))
        #expect(ReferenceNat(modulus.add(x, y)) == (xRef + yRef) % m)
        #expect(ReferenceNat(modulus.subtract(x, y)) == (xRef + m - yRef) % m)
        #expect(ReferenceNat(modulus.subtract(y, x)) == (yRef + m - xRef) % m)
        #expect(ReferenceNat(modulus.multiply(x, y)) == (xRef * yRef) % m)
    }

    // MARK: Edge cases

    /// Operands 0, 1, m − 1 and all-ones limbs, against moduli with an all-ones body and with a top limb of 1.
    @Test func edgeOperandsAndModuliMatchTheReference() throws {
        let allOnes = Nat(limbs: [UInt64](repeating: .max, count: 8))
        var topLimbOne = Nat(limbs: [UInt64](repeating: 0, count: 8))
        topLimbOne.limbs[7] = 1
        topLimbOne.limbs[0] = 1
        var random = SplitMix64(seed: 99)
        var smallTopLimb = random.nat(limbCount: 8)
        smallTopLimb.limbs[7] = 1
        smallTopLimb.limbs[0] |= 1
        for mNat in [allOnes, topLimbOne, smallTopLimb, Nat(limbs: [3]), Nat(limbs: [.max])] {
            let modulus = try #require(Modulus(mNat))
            let m = ReferenceNat(mNat)
            let n = modulus.limbCount
            var minusOne = mNat
            minusOne.subtract(Nat(1, limbCount: n))
            let operands = [Nat(limbCount: n), Nat(1, limbCount: n), minusOne, random.nat(below: mNat)]
            for x in operands {
                for y in operands {
                    expectMontgomeryProduct(modulus.montgomeryMultiply(x, y), x, y, modulus)
                    #expect(ReferenceNat(modulus.multiply(x, y)) == (ReferenceNat(x) * ReferenceNat(y)) % m)
                    #expect(ReferenceNat(modulus.add(x, y)) == (ReferenceNat(x) + ReferenceNat(y)) % m)
                }
                expectMontgomeryProduct(modulus.montgomerySquare(x), x, x, modulus)
            }
            // An all-ones value wider than m, and m itself, reduce correctly.
            let wide = Nat(limbs: [UInt64](repeating: .max, count: 2 * n + 1))
            #expect(ReferenceNat(modulus.reduce(wide)) == ReferenceNat(wide) % m)
            #expect(modulus.reduce(mNat).isZero().isYesVarTime)
        }
    }

    @Test func evenOrTrivialModuliAreRefused() {
        #expect(Modulus(Nat(limbs: [4, 1])) == nil)
        #expect(Modulus(Nat(limbs: [1, 0])) == nil)
        #expect(Modulus(Nat(limbs: [0])) == nil)
        #expect(Modulus(bigEndian: [0, 0]) == nil)
        #expect(Modulus(bigEndian: [0, 0, 0x01, 0x01])?.limbCount == 1)
    }
}
