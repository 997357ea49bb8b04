/// A non-negative integer held in a fixed ("announced") number of 64-bit limbs, least significant limb first.
///
/// Invariant: `limbs.count` is chosen from public information (the byte length of a key component, the limb count
/// of a modulus) and never from the value, so every operation's running time depends only on limb counts. Leading
/// zero limbs are normal. Functions that may leak the value say `VarTime` in their name.
struct Nat: Sendable {
    var limbs: [UInt64]

    init(limbCount: Int) {
        limbs = [UInt64](repeating: 0, count: limbCount)
    }

    init(limbs: [UInt64]) {
        self.limbs = limbs
    }

    /// A small public value in `limbCount` limbs.
    init(_ value: UInt64, limbCount: Int) {
        limbs = [UInt64](repeating: 0, count: limbCount)
        limbs[0] = value
    }

    var limbCount: Int { limbs.count }

    /// Limbs needed for a big-endian byte string of `byteCount` bytes.
    static func limbCount(forByteCount byteCount: Int) -> Int {
        max(1, (byteCount + 7) / 8)
    }

    /// Reads big-endian `bytes` into `limbCount` limbs; nil when the value does not fit (any non-zero byte beyond
    /// `limbCount` limbs). Leading zero bytes are accepted. The byte length is public; the fit check ORs every
    /// excess byte, so it does not reveal which one was non-zero.
    init?(bigEndian bytes: [UInt8], limbCount: Int) {
        var limbs = [UInt64](repeating: 0, count: limbCount)
        var excess: UInt8 = 0
        let count = bytes.count
        for index in 0..<count {
            let byte = bytes[count - 1 - index]  // index counts from the least significant byte
            let limbIndex = index / 8
            if limbIndex < limbCount {
                limbs[limbIndex] |= UInt64(byte) << (UInt64(index % 8) * 8)
            } else {
                excess |= byte
            }
        }
        guard excess == 0 else { return nil }
        self.limbs = limbs
    }

    /// Reads big-endian `bytes` into just enough limbs for their length.
    init(bigEndian bytes: [UInt8]) {
        self.init(bigEndian: bytes, limbCount: Nat.limbCount(forByteCount: bytes.count))!
    }

    /// The value as exactly `count` big-endian bytes. Bytes above `count` are dropped, so callers pass a count the
    /// value is known to fit in (the modulus length for anything reduced modulo it).
    func bigEndianBytes(count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            let limbIndex = index / 8
            guard limbIndex < limbs.count else { break }
            bytes[count - 1 - index] = UInt8(truncatingIfNeeded: limbs[limbIndex] >> (UInt64(index % 8) * 8))
        }
        return bytes
    }

    /// The same value in `limbCount` limbs: zero-extended, or truncated (callers truncate only limbs known to be 0).
    func resized(to limbCount: Int) -> Nat {
        var copy = [UInt64](repeating: 0, count: limbCount)
        for index in 0..<min(limbCount, limbs.count) {
            copy[index] = limbs[index]
        }
        return Nat(limbs: copy)
    }

    // MARK: Constant-time predicates

    /// `yes` when the value is zero.
    func isZero() -> Choice {
        var accumulated: UInt64 = 0
        for limb in limbs {
            accumulated |= limb
        }
        return Choice.ctIsZero(accumulated)
    }

    /// `yes` when both values are equal; both must have the same limb count.
    func ctEq(_ other: Nat) -> Choice {
        precondition(limbs.count == other.limbs.count, "Nat.ctEq: limb counts differ")
        var difference: UInt64 = 0
        for index in limbs.indices {
            difference |= limbs[index] ^ other.limbs[index]
        }
        return Choice.ctIsZero(difference)
    }

    /// `yes` when self < other (the subtraction self − other borrows); both must have the same limb count.
    func ctLess(_ other: Nat) -> Choice {
        precondition(limbs.count == other.limbs.count, "Nat.ctLess: limb counts differ")
        var borrow: UInt64 = 0
        for index in limbs.indices {
            borrow = Limbs.subtractWithBorrow(limbs[index], other.limbs[index], borrow).borrow
        }
        return Choice(bit: borrow)
    }

    /// `yes` when self ≥ other.
    func ctGeq(_ other: Nat) -> Choice { !ctLess(other) }

    // MARK: Constant-time updates

    /// `self = other` when `choice` is yes; reads and writes every limb either way.
    mutating func assign(_ other: Nat, on choice: Choice) {
        precondition(limbs.count == other.limbs.count, "Nat.assign: limb counts differ")
        for index in limbs.indices {
            limbs[index] = choice.select(other.limbs[index], limbs[index])
        }
    }

    /// `a` when yes, `b` when no.
    static func select(_ choice: Choice, _ a: Nat, _ b: Nat) -> Nat {
        var result = b
        result.assign(a, on: choice)
        return result
    }

    /// `self += other` over this limb count; returns the carry out.
    @discardableResult
    mutating func add(_ other: Nat) -> UInt64 {
        precondition(limbs.count == other.limbs.count, "Nat.add: limb counts differ")
        var carry: UInt64 = 0
        for index in limbs.indices {
            (limbs[index], carry) = Limbs.addWithCarry(limbs[index], other.limbs[index], carry)
        }
        return carry
    }

    /// `self −= other` over this limb count; returns the borrow out.
    @discardableResult
    mutating func subtract(_ other: Nat) -> UInt64 {
        precondition(limbs.count == other.limbs.count, "Nat.subtract: limb counts differ")
        var borrow: UInt64 = 0
        for index in limbs.indices {
            (limbs[index], borrow) = Limbs.subtractWithBorrow(limbs[index], other.limbs[index], borrow)
        }
        return borrow
    }

    /// Subtracts `m` if self ≥ m, always computing the difference (Go's `maybeSubtract`). For self < 2m this
    /// leaves self mod m.
    mutating func maybeSubtract(_ m: Nat) {
        var difference = self
        let borrow = difference.subtract(m)
        assign(difference, on: !Choice(bit: borrow))
    }

    // MARK: Constant-time arithmetic on whole numbers

    /// The full product in `limbCount + other.limbCount` limbs (schoolbook; time depends only on the counts).
    func multipliedFullWidth(by other: Nat) -> Nat {
        var product = [UInt64](repeating: 0, count: limbs.count + other.limbs.count)
        for i in other.limbs.indices {
            let yi = other.limbs[i]
            var carry: UInt64 = 0
            for j in limbs.indices {
                (carry, product[i + j]) = Limbs.mulAdd(limbs[j], yi, product[i + j], carry)
            }
            product[i + limbs.count] = carry
        }
        return Nat(limbs: product)
    }

    /// self mod m for any m > 0, odd or even, in `m.limbCount` limbs (see `quotientAndRemainder(dividingBy:)`).
    func remainder(dividingBy m: Nat) -> Nat {
        quotientAndRemainder(dividingBy: m).remainder
    }

    /// ⌊self / m⌋ (in self's limb count) and self mod m (in m's) for any m > 0, by shifting self in one bit at a
    /// time (restoring division). Slow, but constant time also for even moduli such as p − 1, where Montgomery
    /// reduction does not apply. Used only when a key is loaded or generated, never per signature.
    func quotientAndRemainder(dividingBy m: Nat) -> (quotient: Nat, remainder: Nat) {
        let n = m.limbCount
        var quotient = Nat(limbCount: limbs.count)
        var remainder = Nat(limbCount: n)
        var shifted = Nat(limbCount: n)
        for limbIndex in limbs.indices.reversed() {
            let limb = limbs[limbIndex]
            var quotientLimb: UInt64 = 0
            for bitIndex in (0..<64).reversed() {
                // remainder = 2·remainder + bit, which is < 2m, so one conditional subtraction keeps it < m.
                var carryIn = (limb >> UInt64(bitIndex)) & 1
                for index in 0..<n {
                    let word = remainder.limbs[index]
                    shifted.limbs[index] = (word << 1) | carryIn
                    carryIn = word >> 63
                }
                let carryOut = carryIn
                var difference = shifted
                let borrow = difference.subtract(m)
                // Subtract (and set this quotient bit) when the doubled value overflowed the limbs or did not borrow.
                let keep = Choice(bit: carryOut) | !Choice(bit: borrow)
                remainder = Nat.select(keep, difference, shifted)
                quotientLimb |= keep.bit << UInt64(bitIndex)
            }
            quotient.limbs[limbIndex] = quotientLimb
        }
        return (quotient, remainder)
    }

    /// gcd(self, other) for odd self (same limb count), by the binary algorithm run for a fixed 2·64·limbCount
    /// steps with masked swaps and subtractions (each step shortens u + v by at least one bit, so that many steps
    /// always finish, after which v = 0 and u is the gcd). Constant time in both values.
    func gcdOfOdd(_ other: Nat) -> Nat {
        precondition(limbs.count == other.limbs.count, "Nat.gcdOfOdd: limb counts differ")
        var u = self, v = other
        for _ in 0..<(2 * 64 * limbs.count) {
            let vIsOdd = Choice(bit: v.limbs[0] & 1)
            let swap = vIsOdd & v.ctLess(u)
            let (smaller, larger) = (Nat.select(swap, v, u), Nat.select(swap, u, v))
            u = smaller
            v = larger
            var difference = v
            difference.subtract(u)
            v.assign(difference, on: vIsOdd)  // v odd ≥ u odd: v − u is even
            v = v.shiftedRightVarTime(1)  // a public shift amount: constant time in v
        }
        return u
    }

    /// self / d for an odd single-word d that is known to divide self exactly (constant time; the result is
    /// wrong if it does not). Exact division runs from the low end with d⁻¹ mod 2⁶⁴ (Jebelean 1993), so it needs
    /// no division instruction.
    func dividedExactly(by d: UInt64) -> Nat {
        precondition(d & 1 == 1, "Nat.dividedExactly: divisor must be odd")
        var inverse = d
        for _ in 0..<5 {
            inverse = inverse &* (2 &- d &* inverse)
        }
        var quotient = Nat(limbCount: limbs.count)
        var borrow: UInt64 = 0
        for index in limbs.indices {
            let (difference, borrowOut) = limbs[index].subtractingReportingOverflow(borrow)
            let digit = difference &* inverse
            quotient.limbs[index] = digit
            // digit·d = difference + (high part)·2⁶⁴; the high part is what the next limb still owes.
            borrow = digit.multipliedFullWidth(by: d).high &+ (borrowOut ? 1 : 0)
        }
        return quotient
    }

    // MARK: Variable time, for public values only

    /// The position of the highest set bit plus one (0 for zero). Leaks the value's size.
    func bitLengthVarTime() -> Int {
        for index in limbs.indices.reversed() where limbs[index] != 0 {
            return index * 64 + (64 - limbs[index].leadingZeroBitCount)
        }
        return 0
    }

    /// Bit `index` (0 = least significant) of the value; the index is public, the result is not hidden.
    func bitVarTime(_ index: Int) -> UInt64 {
        let limbIndex = index / 64
        guard limbIndex < limbs.count else { return 0 }
        return (limbs[limbIndex] >> UInt64(index % 64)) & 1
    }

    /// Trailing zero bits (at most 64·limbCount); leaks them.
    func trailingZeroBitCountVarTime() -> Int {
        for index in limbs.indices where limbs[index] != 0 {
            return index * 64 + limbs[index].trailingZeroBitCount
        }
        return limbs.count * 64
    }

    /// self >> shift, same limb count; the shift amount is public.
    func shiftedRightVarTime(_ shift: Int) -> Nat {
        var result = Nat(limbCount: limbs.count)
        let limbShift = shift / 64, bitShift = UInt64(shift % 64)
        for index in limbs.indices {
            let source = index + limbShift
            guard source < limbs.count else { break }
            var word = limbs[source] >> bitShift
            if bitShift != 0 && source + 1 < limbs.count {
                word |= limbs[source + 1] << (64 - bitShift)
            }
            result.limbs[index] = word
        }
        return result
    }
}
