extension RSAPrivateKey {
    /// The public exponent of generated keys: 65537, the smallest FIPS 186-5 §A.1.1 allows and what ZITADEL and
    /// every mainstream tool use.
    static let generatedPublicExponent: UInt64 = 65537

    /// Generates a key with a modulus of exactly `bitCount` bits and e = 65537 (FIPS 186-5 Appendix A.1.3:
    /// random probable primes p and q of `bitCount`/2 bits each).
    ///
    /// `bitCount` must be even, from 2048 to `RSAPublicKey.maximumBitCount`. The key is loaded through
    /// `init(components:)`, so every consistency check runs on it, and signs once before it is returned (a
    /// pairwise consistency test, as FIPS 140-3 asks of every generated key pair).
    ///
    /// d is e⁻¹ modulo λ(n) = lcm(p − 1, q − 1), the smallest private exponent, as FIPS 186-5 §A.1.1 asks, and
    /// d > 2^(bitCount/2) (§A.1.1 again; a pair failing it, with probability about 2^(−bitCount/2), is replaced).
    public static func generate(bitCount: Int = 2048) throws(RSAError) -> RSAPrivateKey {
        guard bitCount >= RSAPublicKey.minimumBitCount, bitCount <= RSAPublicKey.maximumBitCount,
            bitCount % 2 == 0
        else { throw .unsupportedKeySize(bitCount: bitCount) }
        let e = generatedPublicExponent
        let eModulus = Modulus(Nat(e, limbCount: 1))!
        let halfBits = bitCount / 2

        /// gcd(e, w − 1) = 1 (A.1.3 steps 4.5, 5.6); e is prime, so it is enough that e does not divide w − 1.
        func isCoprimeToEMinusOne(_ w: Nat) -> Bool {
            var wMinusOne = w
            wMinusOne.limbs[0] ^= 1
            return !eModulus.reduce(wMinusOne).isZero().isYesVarTime
        }

        while true {
            let p = PrimeGeneration.randomPrimeVarTime(bitCount: halfBits, accept: isCoprimeToEMinusOne)
            // |p − q| > 2^(nlen/2 − 100) (A.1.3 step 5.5): some bit at or above that position differs.
            let q = PrimeGeneration.randomPrimeVarTime(bitCount: halfBits) { q in
                guard isCoprimeToEMinusOne(q) else { return false }
                var difference = p
                let borrow = difference.subtract(q)
                var negated = q
                negated.subtract(p)
                difference.assign(negated, on: Choice(bit: borrow))
                return !difference.shiftedRightVarTime(halfBits - 100).isZero().isYesVarTime
            }
            guard let key = try? makeKey(p: p, q: q, e: e, eModulus: eModulus, bitCount: bitCount) else {
                continue  // d ≤ 2^(nlen/2), with negligible probability: draw a fresh pair
            }
            return key
        }
    }

    /// d = e⁻¹ mod λ for λ = lcm(p − 1, q − 1) = (p − 1)·((q − 1)/g), g = gcd(p − 1, q − 1), and a prime e that
    /// divides neither p − 1 nor q − 1.
    ///
    /// g = 2^s·gcd(odd parts), where s, the smaller number of trailing zero bits, is found in variable time: it is
    /// the same count Miller–Rabin already reveals (see `PrimeGeneration`). The odd gcd, the division and the
    /// inversion are constant time: d = (1 + k·λ)/e with k = −λ⁻¹ mod e, so that e·d = 1 + k·λ ≡ 1 (mod λ) and
    /// d < λ; λ⁻¹ mod e is λ^(e−2) mod e by Fermat, and the division by e is exact.
    static func privateExponent(pMinusOne: Nat, qMinusOne: Nat, e: UInt64, eModulus: Modulus) -> Nat {
        let width = max(pMinusOne.limbCount, qMinusOne.limbCount)
        let a = pMinusOne.resized(to: width), b = qMinusOne.resized(to: width)
        let aZeros = a.trailingZeroBitCountVarTime(), bZeros = b.trailingZeroBitCountVarTime()
        let oddGCD = a.shiftedRightVarTime(aZeros).gcdOfOdd(b.shiftedRightVarTime(bZeros))
        var g = oddGCD
        for _ in 0..<min(aZeros, bZeros) {
            g.add(g)  // g < p − 1 throughout, so doubling never overflows the limbs
        }
        let lambda = a.multipliedFullWidth(by: b.quotientAndRemainder(dividingBy: g).quotient)

        let lambdaModE = eModulus.reduce(lambda)
        let lambdaInverse = eModulus.exp(lambdaModE, exponent: Nat(e &- 2, limbCount: 1))
        let k = e &- lambdaInverse.limbs[0]  // in 1…e−1: λ mod e ≠ 0 because e ∤ (p − 1) and e ∤ (q − 1)
        var numerator = lambda.multipliedFullWidth(by: Nat(k, limbCount: 1))
        numerator.add(Nat(1, limbCount: numerator.limbCount))
        return numerator.dividedExactly(by: e)
    }

    /// Derives n, d, dP, dQ and qInv from p and q and loads the result (which checks it).

    private static func makeKey(p pNat: Nat, q qNat: Nat, e: UInt64, eModulus: Modulus, bitCount: Int)
        throws(RSAError) -> RSAPrivateKey
    {
        guard let pModulus = Modulus(pNat) else { throw .invalidPrime }
        let n = pNat.multipliedFullWidth(by: qNat)
        var pMinusOne = pNat, qMinusOne = qNat
        pMinusOne.limbs[0] ^= 1
        qMinusOne.limbs[0] ^= 1
        let d = privateExponent(pMinusOne: pMinusOne, qMinusOne: qMinusOne, e: e, eModulus: eModulus)
        // d > 2^(nlen/2) (FIPS 186-5 §A.1.1). Only a negligible fraction of pairs fails; the caller draws again.
        guard !d.shiftedRightVarTime(bitCount / 2).isZero().isYesVarTime else { throw .privateExponentMismatch }

        let dP = d.remainder(dividingBy: pMinusOne)
        let dQ = d.remainder(dividingBy: qMinusOne)
        // qInv = q^(p−2) mod p by Fermat; p − 2 is secret, and `exp` is constant time in the exponent.
        var pMinusTwo = pMinusOne
        pMinusTwo.subtract(Nat(1, limbCount: pMinusTwo.limbCount))
        let qInv = pModulus.exp(pModulus.reduce(qNat), exponent: pMinusTwo)

        let byteCount = bitCount / 8 + (bitCount % 8 == 0 ? 0 : 1)
        let primeByteCount = (bitCount / 2 + 7) / 8
        var eBytes: [UInt8] = []
        var remainingE = e
        while remainingE > 0 {
            eBytes.insert(UInt8(truncatingIfNeeded: remainingE), at: 0)
            remainingE >>= 8
        }
        let components = RSAKeyComponents(
            modulus: n.bigEndianBytes(count: byteCount), publicExponent: eBytes,
            privateExponent: d.bigEndianBytes(count: byteCount), prime1: pNat.bigEndianBytes(count: primeByteCount),
            prime2: qNat.bigEndianBytes(count: primeByteCount), exponent1: dP.bigEndianBytes(count: primeByteCount),
            exponent2: dQ.bigEndianBytes(count: primeByteCount), coefficient: qInv.bigEndianBytes(count: primeByteCount))
        let key = try RSAPrivateKey(components: components)
        guard key.publicKey.modulusBitCount == bitCount else { throw .modulusMismatch }
        // Pairwise consistency test: sign once; verify-after-sign inside throws if anything is off.
        _ = try key.signPKCS1v15SHA256(digest: SHA256.hash([UInt8]("pairwise consistency test".utf8)))
        return key
    }
}
