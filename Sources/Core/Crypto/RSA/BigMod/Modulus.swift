/// An odd modulus m > 1 with what Montgomery arithmetic needs: its limb count n, R = 2^(64n),
/// `m0inv` = −m⁻¹ mod 2⁶⁴ and R² mod m.
///
/// Invariant: every `Nat` passed to or returned by a method has exactly `limbCount` limbs and is < m, unless the
/// method says otherwise (`reduce` and `montgomeryForm(of:)` take any width). All methods are constant time in
/// the values of m and of the operands; they depend only on limb counts and on m's bit length, which is public
/// for an RSA modulus and for its primes (half the modulus length).
struct Modulus: Sendable {
    /// m itself.
    let nat: Nat
    /// −m⁻¹ mod 2⁶⁴, the Montgomery constant.
    let m0inv: UInt64
    /// R² mod m, which moves a value into Montgomery form with one multiplication.
    let rr: Nat
    /// R mod m: 1 in Montgomery form.
    let montgomeryOne: Nat
    /// m's bit length, public by the type's invariant.
    let bitLength: Int

    var limbCount: Int { nat.limbCount }

    /// nil when m is even or m ≤ 1 (evenness and size are public for every modulus this code builds).
    /// `m`'s limb count becomes the announced length; leading zero limbs are allowed but slow things down.
    init?(_ m: Nat) {
        let bitLength = m.bitLengthVarTime()
        guard m.limbs[0] & 1 == 1, bitLength > 1 else { return nil }
        let n = m.limbCount
        // Newton's iteration for m0⁻¹ mod 2⁶⁴: m0·m0 ≡ 1 mod 8 for odd m0, and each step doubles the correct
        // bits (3 → 6 → 12 → 24 → 48 → 96).
        let m0 = m.limbs[0]
        var inverse = m0
        for _ in 0..<5 {
            inverse = inverse &* (2 &- m0 &* inverse)
        }
        let m0inv = 0 &- inverse
        self.nat = m
        self.m0inv = m0inv
        self.bitLength = bitLength
        self.rr = Modulus.computeRR(m: m, m0inv: m0inv, bitLength: bitLength)
        var one = Nat(limbCount: n)
        one.limbs[0] = 1
        // R² · 1 · R⁻¹ = R mod m.
        var montgomeryOne = Nat(limbCount: n)
        Modulus.withPointers(m, rr, one, &montgomeryOne, scratch: 2 * n) { m, rr, one, z, t in
            Limbs.montgomeryMultiply(z, rr, one, m, m0inv, n, scratch: t)
        }
        self.montgomeryOne = montgomeryOne
    }

    /// A modulus from big-endian bytes, announced with just enough limbs for their length after leading zero bytes
    /// (the length is public: it is the key size).
    init?(bigEndian bytes: [UInt8]) {
        let significant = Array(bytes.drop(while: { $0 == 0 }))
        guard !significant.isEmpty else { return nil }
        self.init(Nat(bigEndian: significant))
    }

    /// R² mod m in time that depends only on n and m's bit length b, not on m's value: start from 2^(b−1) < m,
    /// double with modular additions up to 2^(64n + j)·… = 2^j·R mod m (the Montgomery form of 2^j, with
    /// 64n = j·2^s, j odd), then square s times in Montgomery form to reach the form of 2^(64n) = R, which is R².
    /// At most 64 + n + 1 doublings and log₂(64n) squarings, so it is cheap enough to do for every prime candidate.
    private static func computeRR(m: Nat, m0inv: UInt64, bitLength b: Int) -> Nat {
        let n = m.limbCount
        let oddPart = n >> n.trailingZeroBitCount
        let squarings = 6 + n.trailingZeroBitCount
        let doublings = 64 * n + oddPart - b + 1
        var x = Nat(limbCount: n)
        x.limbs[(b - 1) / 64] = 1 << UInt64((b - 1) % 64)
        let copy = x
        withPointers(m, copy, copy, &x, scratch: 2 * n) { m, _, _, x, t in
            for _ in 0..<doublings {
                let carry = Limbs.add(t, x, x, n)
                Limbs.finalSubtract(x, t, carry, m, n)
            }
            for _ in 0..<squarings {
                Limbs.montgomerySquare(x, x, m, m0inv, n, scratch: t)
            }
        }
        return x
    }

    /// Runs `body` with pointers to three inputs, one output and `scratch` limbs of scratch space.
    @inline(__always)
    static func withPointers(
        _ a: Nat, _ b: Nat, _ c: Nat, _ z: inout Nat, scratch: Int,
        _ body: (Limbs.ConstPointer, Limbs.ConstPointer, Limbs.ConstPointer, Limbs.Pointer, Limbs.Pointer) -> Void
    ) {
        let t = Limbs.Pointer.allocate(capacity: max(scratch, 1))
        defer { t.deallocate() }
        a.limbs.withUnsafeBufferPointer { a in
            b.limbs.withUnsafeBufferPointer { b in
                c.limbs.withUnsafeBufferPointer { c in
                    z.limbs.withUnsafeMutableBufferPointer { z in
                        body(a.baseAddress!, b.baseAddress!, c.baseAddress!, z.baseAddress!, t)
                    }
                }
            }
        }
    }

    private func checkShape(_ x: Nat) {
        precondition(x.limbCount == limbCount, "Modulus: operand has \(x.limbCount) limbs, modulus \(limbCount)")
    }

    // MARK: Montgomery form

    /// x·y·R⁻¹ mod m. Needs x·y < m·R: both < m, or one < m and the other any value below R.
    func montgomeryMultiply(_ x: Nat, _ y: Nat) -> Nat {
        checkShape(x)
        checkShape(y)
        let n = limbCount, m0inv = m0inv
        var z = Nat(limbCount: n)
        Modulus.withPointers(nat, x, y, &z, scratch: 2 * n) { m, x, y, z, t in
            Limbs.montgomeryMultiply(z, x, y, m, m0inv, n, scratch: t)
        }
        return z
    }

    /// x²·R⁻¹ mod m for x < m.
    func montgomerySquare(_ x: Nat) -> Nat {
        checkShape(x)
        let n = limbCount, m0inv = m0inv
        var z = Nat(limbCount: n)
        Modulus.withPointers(nat, x, x, &z, scratch: 2 * n) { m, x, _, z, t in
            Limbs.montgomerySquare(z, x, m, m0inv, n, scratch: t)
        }
        return z
    }

    /// x·R mod m for x of any limb count, reduced fully: Horner's rule over n-limb chunks cᵢ of x = Σ cᵢ·Rⁱ.
    /// Each step maps acc = V·R to V·R² + cᵢ·R = (V·R + cᵢ)·R with two Montgomery multiplications by R², both
    /// valid because each chunk is < R and R² mod m is < m. Constant time in x; linear in x's width.
    func montgomeryForm(of x: Nat) -> Nat {
        let n = limbCount
        let chunkCount = (x.limbCount + n - 1) / n
        var accumulator = Nat(limbCount: n)
        var chunk = Nat(limbCount: n)
        for chunkIndex in (0..<chunkCount).reversed() {
            for index in 0..<n {
                let source = chunkIndex * n + index
                chunk.limbs[index] = source < x.limbCount ? x.limbs[source] : 0  // public index, not data
            }
            let shifted = montgomeryMultiply(accumulator, rr)
            let chunkForm = montgomeryMultiply(chunk, rr)
            accumulator = add(shifted, chunkForm)
        }
        return accumulator
    }

    /// x mod m for x of any limb count (constant time; see `montgomeryForm(of:)`).
    func reduce(_ x: Nat) -> Nat {
        fromMontgomery(montgomeryForm(of: x))
    }

    /// x·R⁻¹ mod m: leaves Montgomery form.
    func fromMontgomery(_ x: Nat) -> Nat {
        montgomeryMultiply(x, Nat(1, limbCount: limbCount))
    }

    /// x·y mod m for x, y < m in ordinary form.
    func multiply(_ x: Nat, _ y: Nat) -> Nat {
        montgomeryMultiply(montgomeryMultiply(x, y), rr)
    }

    // MARK: Modular addition and subtraction

    /// x + y mod m for x, y < m.
    func add(_ x: Nat, _ y: Nat) -> Nat {
        checkShape(x)
        checkShape(y)
        let n = limbCount
        var z = Nat(limbCount: n)
        Modulus.withPointers(nat, x, y, &z, scratch: n) { m, x, y, z, t in
            let carry = Limbs.add(t, x, y, n)
            Limbs.finalSubtract(z, t, carry, m, n)
        }
        return z
    }

    /// x − y mod m for x, y < m: the difference, plus m under a mask when it borrowed.
    func subtract(_ x: Nat, _ y: Nat) -> Nat {
        checkShape(x)
        checkShape(y)
        var z = x
        let borrow = z.subtract(y)
        let mask = Choice(bit: borrow).mask
        var carry: UInt64 = 0
        for index in 0..<limbCount {
            (z.limbs[index], carry) = Limbs.addWithCarry(z.limbs[index], nat.limbs[index] & mask, carry)
        }
        return z
    }
}
