/// An RSA private key that signs with RSASSA-PKCS1-v1_5 and SHA-256 (RFC 8017 §8.2.1) using the Chinese
/// Remainder Theorem, and checks every signature before releasing it.
///
/// Invariant (checked once, in `init(components:)`): n = p·q with n of 2048…16384 bits, e odd and 1 < e < n,
/// e·d ≡ 1 (mod λ(n)), dP = d mod (p − 1), dQ = d mod (q − 1), qInv < p and qInv·q ≡ 1 (mod p).
///
/// All arithmetic on p, q, dP, dQ, qInv and on intermediate values is constant time (see `Modulus`); the only
/// public-exponent step, the check of the signature, works on public values.
public struct RSAPrivateKey: Sendable {
    public let publicKey: RSAPublicKey
    public let components: RSAKeyComponents
    let p: Modulus
    let q: Modulus
    /// dP and dQ in the limb counts of p and q.
    let dP: Nat
    let dQ: Nat
    /// qInv·R mod p, so one Montgomery multiplication gives qInv·x mod p.
    let qInvMontgomery: Nat

    /// Loads and checks a key. Leading zero bytes in any component are accepted.
    ///
    /// On d: RFC 8017 §3.2 and FIPS 186-5 §A.1.1 define d modulo λ(n) = lcm(p − 1, q − 1), while older tools
    /// compute it modulo φ(n) = (p − 1)(q − 1). Both sign correctly, so this accepts any d with e·d ≡ 1 (mod λ(n)),
    /// which includes φ-based keys since λ(n) divides φ(n). It is checked as e·d ≡ 1 modulo p − 1 and modulo q − 1
    /// separately, which together are equivalent to the congruence modulo their lcm, without computing a gcd.
    public init(components: RSAKeyComponents) throws(RSAError) {
        let publicKey = try RSAPublicKey(modulus: components.modulus, publicExponent: components.publicExponent)
        let n = publicKey.modulus
        let e = Nat(bigEndian: publicKey.publicExponentBytes)

        // Limb counts come from the component lengths (public), never from their values.
        func nat(_ bytes: [UInt8]) -> Nat {
            Nat(bigEndian: Array(bytes.drop(while: { $0 == 0 })))
        }
        guard let p = Modulus(nat(components.prime1)), let q = Modulus(nat(components.prime2)),
            p.limbCount < n.limbCount || p.bitLength < n.bitLength,
            q.limbCount < n.limbCount || q.bitLength < n.bitLength
        else { throw .invalidPrime }

        // n = p·q (RFC 8017 §3.2). The product has at least as many limbs as n.
        let product = p.nat.multipliedFullWidth(by: q.nat)
        let nWide = n.nat.resized(to: product.limbCount)
        guard product.ctEq(nWide).isYesVarTime else { throw .modulusMismatch }

        let pMinusOne = Nat(limbs: p.nat.limbs.enumerated().map { $0.offset == 0 ? $0.element ^ 1 : $0.element })
        let qMinusOne = Nat(limbs: q.nat.limbs.enumerated().map { $0.offset == 0 ? $0.element ^ 1 : $0.element })

        // e·d ≡ 1 modulo p − 1 and modulo q − 1, i.e. modulo λ(n).
        let d = nat(components.privateExponent)
        let dModPMinusOne = d.remainder(dividingBy: pMinusOne)
        let dModQMinusOne = d.remainder(dividingBy: qMinusOne)
        let one = (Nat(1, limbCount: p.limbCount), Nat(1, limbCount: q.limbCount))
        let edP = e.multipliedFullWidth(by: dModPMinusOne).remainder(dividingBy: pMinusOne)
        let edQ = e.multipliedFullWidth(by: dModQMinusOne).remainder(dividingBy: qMinusOne)
        guard (edP.ctEq(one.0) & edQ.ctEq(one.1)).isYesVarTime else { throw .privateExponentMismatch }

        // dP = d mod (p − 1), dQ = d mod (q − 1); a value too wide for p's limbs cannot be equal.
        guard let dP = Nat(bigEndian: components.exponent1, limbCount: p.limbCount),
            dP.ctEq(dModPMinusOne).isYesVarTime
        else { throw .exponent1Mismatch }
        guard let dQ = Nat(bigEndian: components.exponent2, limbCount: q.limbCount),
            dQ.ctEq(dModQMinusOne).isYesVarTime
        else { throw .exponent2Mismatch }

        // qInv < p and qInv·q ≡ 1 (mod p).
        guard let qInv = Nat(bigEndian: components.coefficient, limbCount: p.limbCount),
            qInv.ctLess(p.nat).isYesVarTime,
            p.multiply(qInv, p.reduce(q.nat)).ctEq(one.0).isYesVarTime
        else { throw .coefficientMismatch }

        self.publicKey = publicKey
        self.components = components
        self.p = p
        self.q = q
        self.dP = dP
        self.dQ = dQ
        self.qInvMontgomery = p.montgomeryForm(of: qInv)
    }

    /// Signs the SHA-256 digest of a message (RFC 8017 §8.2.1); the result is exactly k bytes (the modulus length),
    /// left-padded with zeros.
    public func signPKCS1v15SHA256(digest: [UInt8]) throws(RSAError) -> [UInt8] {
        try signPKCS1v15SHA256(digest: digest, fault: nil)
    }

    /// Hashes `message` with SHA-256 and signs the digest.
    public func signPKCS1v15SHA256(message: [UInt8]) throws(RSAError) -> [UInt8] {
        try signPKCS1v15SHA256(digest: SHA256.hash(message), fault: nil)
    }

    /// A deliberate error in one half of the CRT computation, for tests that prove verify-after-sign works.
    enum InjectedFault {
        /// Flip the lowest bit of m₁ = c^dP mod p.
        case flipBitOfFirstHalf
    }

    /// The signing path with an optional injected fault (tests only pass one).
    func signPKCS1v15SHA256(digest: [UInt8], fault: InjectedFault?) throws(RSAError) -> [UInt8] {
        guard digest.count == SHA256.digestByteCount else { throw .invalidDigestLength(digest.count) }
        let k = publicKey.modulusByteCount
        let encoded = PKCS1v15.encodeSHA256(digest: digest, length: k)
        // EM starts with 0x00, so as an integer it is below 2^(8(k−1)) ≤ n.
        let n = publicKey.modulus
        let c = Nat(bigEndian: encoded, limbCount: n.limbCount)!
        let s = crtSignatureRepresentative(c, fault: fault)
        // Verify-after-sign: never release a signature that a fault has corrupted. With one faulty CRT half,
        // gcd(s^e − m, n) is a prime factor (Boneh–DeMillo–Lipton 1997, Lenstra's single-signature variant).
        let signature = s.bigEndianBytes(count: k)
        guard let recovered = publicKey.publicOperationVarTime(signature),
            ConstantTime.equal(recovered, encoded)
        else { throw .faultDetected }
        return signature
    }

    /// RSASP1 with CRT (RFC 8017 §5.2.1, 2.b): m₁ = c^dP mod p, m₂ = c^dQ mod q, h = qInv·(m₁ − m₂) mod p,
    /// s = m₂ + q·h. Returns s in n's limb count.
    private func crtSignatureRepresentative(_ c: Nat, fault: InjectedFault?) -> Nat {
        var m1 = p.exp(p.reduce(c), exponent: dP)
        if fault == .flipBitOfFirstHalf {
            m1.limbs[0] ^= 1
        }
        let m2 = q.exp(q.reduce(c), exponent: dQ)
        let difference = p.subtract(m1, p.reduce(m2))
        let h = p.montgomeryMultiply(difference, qInvMontgomery)  // (m₁ − m₂)·qInv·R·R⁻¹
        // s = m₂ + q·h < q + q·(p − 1) = n, so it fits in n's limbs; the product's extra top limbs are zero.
        var s = h.multipliedFullWidth(by: q.nat)
        s.add(m2.resized(to: s.limbCount))
        return s.resized(to: publicKey.modulus.limbCount)
    }
}
