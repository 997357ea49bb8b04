/// Random probable primes for RSA keys (FIPS 186-5 Appendix A.1.3 with the Miller–Rabin test of Appendix B.3.1).
///
/// Timing: sieving and the exponentiations are constant time; what varies is how many candidates are tried and
/// where a Miller–Rabin round stops. Those facts concern rejected candidates (independent of the final primes) or,
/// for the accepted prime, the number a of trailing zero bits of w − 1 and where the random base's sequence reaches
/// −1 — a few bits that do not help factor n. Go's crypto/rsa and BoringSSL accept the same leak.
enum PrimeGeneration {
    /// A random prime of exactly `bitCount` bits with its top two bits set, so the product of two such primes
    /// has exactly 2·`bitCount` bits and each is > √2·2^(bitCount−1) (FIPS 186-5 A.1.3 steps 4.4, 5.4).
    /// `accept` may reject primes for further reasons (gcd with e, distance from the other prime).
    static func randomPrimeVarTime(bitCount: Int, accept: (Nat) -> Bool = { _ in true }) -> Nat {
        let byteCount = (bitCount + 7) / 8
        let limbCount = (bitCount + 63) / 64
        let excessBits = byteCount * 8 - bitCount
        let rounds = millerRabinRounds(forPrimeBitCount: bitCount)
        while true {
            var bytes = SecureRandom.bytes(count: byteCount)
            bytes[0] &= 0xFF >> UInt8(excessBits)
            // The top two bits: bitCount−1 and bitCount−2, which may straddle the first two bytes.
            let top = Nat(bigEndian: bytes, limbCount: limbCount)!
            var candidate = top
            let highBit = bitCount - 1, nextBit = bitCount - 2
            candidate.limbs[highBit / 64] |= 1 << UInt64(highBit % 64)
            candidate.limbs[nextBit / 64] |= 1 << UInt64(nextBit % 64)
            candidate.limbs[0] |= 1
            guard !hasSmallFactor(candidate).isYesVarTime, accept(candidate) else { continue }
            if isProbablePrimeVarTime(candidate, rounds: rounds) {
                return candidate
            }
        }
    }

    /// Miller–Rabin rounds from FIPS 186-5 Table B.1 (M-R tests only): 5 for the 1024-bit primes of a 2048-bit key
    /// (error ≤ 2⁻¹¹²), 4 for the 1536- and 2048-bit primes of 3072- and 4096-bit keys (≤ 2⁻¹²⁸, 2⁻¹⁴⁴). Larger
    /// primes need fewer rounds for the same bound, so 4 stays safe beyond the table.
    static func millerRabinRounds(forPrimeBitCount bitCount: Int) -> Int {
        bitCount >= 1536 ? 4 : 5
    }

    // MARK: Trial division

    /// The odd primes below 4096, grouped so that each group's product fits in 32 bits.
    private static let smallPrimeGroups: [(product: UInt64, primes: [UInt64])] = {
        var isComposite = [Bool](repeating: false, count: 4096)
        var primes: [UInt64] = []
        for value in 3..<4096 where value % 2 == 1 && !isComposite[value] {
            primes.append(UInt64(value))
            for multiple in stride(from: value * value, to: 4096, by: 2 * value) {
                isComposite[multiple] = true
            }
        }
        var groups: [(product: UInt64, primes: [UInt64])] = []
        var current: [UInt64] = [], product: UInt64 = 1
        for prime in primes {
            if product * prime >= 1 << 32 {
                groups.append((product, current))
                current = []
                product = 1
            }
            current.append(prime)
            product *= prime
        }
        if !current.isEmpty { groups.append((product, current)) }
        return groups
    }()

    /// x mod d for any 64-bit x and public d < 2³², without a data-dependent division instruction (DIV latency
    /// varies with its operands on many x86 cores): Barrett's estimate ⌊x·⌊(2⁶⁴−1)/d⌋ / 2⁶⁴⌋ is at most one
    /// below ⌊x/d⌋, so one masked subtraction finishes the job.
    @inline(__always)
    private static func remainder(_ x: UInt64, _ d: UInt64, reciprocal: UInt64) -> UInt64 {
        let estimate = x.multipliedFullWidth(by: reciprocal).high
        let r = x &- estimate &* d
        let (reduced, borrow) = r.subtractingReportingOverflow(d)
        return Choice(bit: borrow ? 1 : 0).select(r, reduced)
    }

    /// `yes` when `w` is divisible by an odd prime below 4096 (w itself must be larger). Constant time in w:
    /// every group and every prime is processed, and the zero tests combine by mask.
    static func hasSmallFactor(_ w: Nat) -> Choice {
        var divisible = Choice.no
        for group in smallPrimeGroups {
            let reciprocal = UInt64.max / group.product
            var r: UInt64 = 0
            // Horner over 32-bit halves keeps every intermediate below 2⁶⁴.
            for limb in w.limbs.reversed() {
                r = remainder((r << 32) | (limb >> 32), group.product, reciprocal: reciprocal)
                r = remainder((r << 32) | (limb & 0xFFFF_FFFF), group.product, reciprocal: reciprocal)
            }
            for prime in group.primes {
                divisible = divisible | Choice.ctIsZero(remainder(r, prime, reciprocal: UInt64.max / prime))
            }
        }
        return divisible
    }

    // MARK: Miller–Rabin

    /// The Miller–Rabin probabilistic primality test, FIPS 186-5 B.3.1, with `rounds` random bases. w must be odd
    /// and > 3. Variable time in where each round stops (see the type's comment); the exponentiation itself is
    /// constant time.
    static func isProbablePrimeVarTime(_ w: Nat, rounds: Int) -> Bool {
        guard let modulus = Modulus(w) else { return false }
        let n = w.limbCount
        var wMinusOne = w
        wMinusOne.limbs[0] ^= 1  // w is odd
        let a = wMinusOne.trailingZeroBitCountVarTime()
        guard a < 64 * n else { return false }  // w = 1
        let m = wMinusOne.shiftedRightVarTime(a)
        let one = Nat(1, limbCount: n)
        let bitLength = modulus.bitLength
        let byteCount = (bitLength + 7) / 8
        var remaining = rounds
        while remaining > 0 {
            // A random base 1 < b < w − 1 (B.3.1 steps 4.1–4.2): random bits of w's length, redrawn if out of range.
            var bytes = SecureRandom.bytes(count: byteCount)
            bytes[0] &= 0xFF >> UInt8(byteCount * 8 - bitLength)
            let b = Nat(bigEndian: bytes, limbCount: n)!
            guard b.ctGeq(Nat(2, limbCount: n)).isYesVarTime, b.ctLess(wMinusOne).isYesVarTime else { continue }
            var z = modulus.exp(b, exponent: m)
            remaining -= 1
            if (z.ctEq(one) | z.ctEq(wMinusOne)).isYesVarTime { continue }
            var possiblyPrime = false
            for _ in 1..<max(a, 1) {
                z = modulus.multiply(z, z)
                if z.ctEq(wMinusOne).isYesVarTime {
                    possiblyPrime = true
                    break
                }
                if z.ctEq(one).isYesVarTime { break }  // 1 squares to 1, never to −1: composite
            }
            if !possiblyPrime { return false }
        }
        return true
    }
}
