import Testing
import TestSupport
@testable import Core

@Suite(.cpuBound) struct ModulusExponentiationTests {
    /// Full-width random exponents where the reference is fast enough (debug builds), short exponents in the full
    /// announced width (so every leading window is zero and still processed) at the larger sizes.
    @Test(arguments: [(512, 256), (1024, 64), (2048, 24), (3072, 12), (4096, 8)])
    func constantTimeExponentiationMatchesTheReference(bits: Int, exponentBits: Int) throws {
        var random = SplitMix64(seed: UInt64(bits) &* 65_537)
        let modulus = try #require(Modulus(random.oddModulus(bits: bits)))
        let m = ReferenceNat(modulus.nat)
        let x = random.nat(below: modulus.nat)
        var exponent = random.nat(limbCount: modulus.limbCount)
        for index in exponent.limbs.indices where index * 64 >= exponentBits {
            exponent.limbs[index] = 0
        }
        if exponentBits % 64 != 0 {
            exponent.limbs[exponentBits / 64] &= (1 << UInt64(exponentBits % 64)) - 1
        }
        let expected = ReferenceNat.power(ReferenceNat(x), ReferenceNat(exponent), modulo: m)
        #expect(ReferenceNat(modulus.exp(x, exponent: exponent)) == expected)
    }

    @Test(arguments: [512, 1024, 2048])
    func publicExponentPathMatchesTheReference(bits: Int) throws {
        var random = SplitMix64(seed: UInt64(bits) &+ 5)
        let modulus = try #require(Modulus(random.oddModulus(bits: bits)))
        let x = random.nat(below: modulus.nat)
        for e: [UInt8] in [[0x01, 0x00, 0x01], [0x03], [0x00, 0x00, 0x01], [0xFF, 0xFF, 0xFF]] {
            let eRef = ReferenceNat(Nat(bigEndian: e, limbCount: 1)!)
            let expected = ReferenceNat.power(ReferenceNat(x), eRef, modulo: ReferenceNat(modulus.nat))
            #expect(ReferenceNat(modulus.expVarTime(x, publicExponent: e)) == expected)
        }
    }

    @Test func edgeBasesAndExponents() throws {
        var random = SplitMix64(seed: 7)
        let modulus = try #require(Modulus(random.oddModulus(bits: 512)))
        let n = modulus.limbCount
        var minusOne = modulus.nat
        minusOne.subtract(Nat(1, limbCount: n))
        let zero = Nat(limbCount: n), one = Nat(1, limbCount: n)
        let x = random.nat(below: modulus.nat)
        // x⁰ = 1, x¹ = x, 0^e = 0, 1^e = 1, (−1)^even = 1, (−1)^odd = −1.
        #expect(modulus.exp(x, exponent: zero).limbs == one.limbs)
        #expect(modulus.exp(x, exponent: one).limbs == x.limbs)
        #expect(modulus.exp(zero, exponent: Nat(5, limbCount: n)).isZero().isYesVarTime)
        #expect(modulus.exp(one, exponent: random.nat(limbCount: n)).limbs == one.limbs)
        #expect(modulus.exp(minusOne, exponent: Nat(2, limbCount: n)).limbs == one.limbs)
        #expect(modulus.exp(minusOne, exponent: Nat(3, limbCount: n)).limbs == minusOne.limbs)
        // An all-ones exponent (every window 15) agrees with the reference.
        let allOnes = Nat(limbs: [UInt64.max, UInt64.max])
        let expected = ReferenceNat.power(ReferenceNat(x), ReferenceNat(allOnes), modulo: ReferenceNat(modulus.nat))
        #expect(ReferenceNat(modulus.exp(x, exponent: allOnes)) == expected)
    }

    /// x^(a+b) = x^a · x^b at full RSA width with full-width secret-sized exponents, where the reference is too
    /// slow in a debug build.
    @Test(arguments: [1024, 2048])
    func fullWidthExponentsAreConsistent(bits: Int) throws {
        var random = SplitMix64(seed: UInt64(bits) &* 11)
        let modulus = try #require(Modulus(random.oddModulus(bits: bits)))
        let x = random.nat(below: modulus.nat)
        var a = random.nat(limbCount: modulus.limbCount), b = random.nat(limbCount: modulus.limbCount)
        a.limbs[a.limbCount - 1] >>= 1
        b.limbs[b.limbCount - 1] >>= 1
        var sum = a
        sum.add(b)
        let lhs = modulus.exp(x, exponent: sum)
        let rhs = modulus.multiply(modulus.exp(x, exponent: a), modulus.exp(x, exponent: b))
        #expect(lhs.limbs == rhs.limbs)
    }
}
