@testable import Core

/// A deliberately simple, variable-time big integer used only to check `Nat` and `Modulus`: 32-bit digits with
/// 64-bit intermediates, schoolbook multiplication and bit-by-bit shift-and-subtract division. Slow and obviously
/// correct is the point.
struct ReferenceNat: Equatable, CustomStringConvertible {
    /// Little-endian 32-bit digits, no trailing zeros (zero is []).
    private(set) var digits: [UInt32]

    init(digits: [UInt32]) {
        var trimmed = digits
        while trimmed.last == 0 { trimmed.removeLast() }
        self.digits = trimmed
    }

    init(_ value: UInt64) {
        self.init(digits: [UInt32(truncatingIfNeeded: value), UInt32(value >> 32)])
    }

    init(_ nat: Nat) {
        self.init(digits: nat.limbs.flatMap { [UInt32(truncatingIfNeeded: $0), UInt32($0 >> 32)] })
    }

    /// The value in `limbCount` 64-bit limbs (must fit).
    func nat(limbCount: Int) -> Nat {
        precondition((digits.count + 1) / 2 <= limbCount, "ReferenceNat does not fit")
        var limbs = [UInt64](repeating: 0, count: limbCount)
        for (index, digit) in digits.enumerated() {
            limbs[index / 2] |= UInt64(digit) << (UInt64(index % 2) * 32)
        }
        return Nat(limbs: limbs)
    }

    var isZero: Bool { digits.isEmpty }
    var bitLength: Int { digits.last.map { (digits.count - 1) * 32 + (32 - $0.leadingZeroBitCount) } ?? 0 }
    func bit(_ index: Int) -> Bool {
        index / 32 < digits.count && (digits[index / 32] >> UInt32(index % 32)) & 1 == 1
    }

    var description: String { digits.reversed().map { String($0, radix: 16) }.joined(separator: "_") }

    static func < (lhs: ReferenceNat, rhs: ReferenceNat) -> Bool {
        if lhs.digits.count != rhs.digits.count { return lhs.digits.count < rhs.digits.count }
        for index in lhs.digits.indices.reversed() where lhs.digits[index] != rhs.digits[index] {
            return lhs.digits[index] < rhs.digits[index]
        }
        return false
    }

    static func + (lhs: ReferenceNat, rhs: ReferenceNat) -> ReferenceNat {
        var result = [UInt32]()
        var carry: UInt64 = 0
        for index in 0..<max(lhs.digits.count, rhs.digits.count) {
            let sum = UInt64(index < lhs.digits.count ? lhs.digits[index] : 0)
                + UInt64(index < rhs.digits.count ? rhs.digits[index] : 0) + carry
            result.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        result.append(UInt32(carry))
        return ReferenceNat(digits: result)
    }

    /// lhs − rhs for lhs ≥ rhs.
    static func - (lhs: ReferenceNat, rhs: ReferenceNat) -> ReferenceNat {
        precondition(!(lhs < rhs), "ReferenceNat: negative difference")
        var result = [UInt32]()
        var borrow: Int64 = 0
        for index in lhs.digits.indices {
            var difference = Int64(lhs.digits[index]) - Int64(index < rhs.digits.count ? rhs.digits[index] : 0) - borrow
            borrow = 0
            if difference < 0 {
                difference += 1 << 32
                borrow = 1
            }
            result.append(UInt32(difference))
        }
        return ReferenceNat(digits: result)
    }

    static func * (lhs: ReferenceNat, rhs: ReferenceNat) -> ReferenceNat {
        var result = [UInt32](repeating: 0, count: lhs.digits.count + rhs.digits.count + 1)
        for i in lhs.digits.indices {
            var carry: UInt64 = 0
            for j in rhs.digits.indices {
                let t = UInt64(lhs.digits[i]) * UInt64(rhs.digits[j]) + UInt64(result[i + j]) + carry
                result[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            result[i + rhs.digits.count] = UInt32(carry)
        }
        return ReferenceNat(digits: result)
    }

    /// lhs · 2^shift.
    static func << (lhs: ReferenceNat, shift: Int) -> ReferenceNat {
        var result = [UInt32](repeating: 0, count: shift / 32) + lhs.digits + [0]
        let bits = UInt32(shift % 32)
        if bits > 0 {
            for index in (shift / 32..<result.count).reversed() {
                result[index] = (result[index] << bits) | (index > shift / 32 ? result[index - 1] >> (32 - bits) : 0)
            }
        }
        return ReferenceNat(digits: result)
    }

    /// lhs mod rhs by restoring division, one bit at a time from the top: r = 2r + bit; if r ≥ rhs, r −= rhs.
    /// Works in place on a fixed-size digit array (one digit wider than rhs) to keep debug builds fast enough.
    static func % (lhs: ReferenceNat, rhs: ReferenceNat) -> ReferenceNat {
        precondition(!rhs.isZero, "ReferenceNat: division by zero")
        let width = rhs.digits.count + 1
        let divisor = rhs.digits + [0]
        var r = [UInt32](repeating: 0, count: width)
        for index in (0..<lhs.bitLength).reversed() {
            var carry: UInt32 = lhs.bit(index) ? 1 : 0
            for k in 0..<width {
                let next = r[k] >> 31
                r[k] = (r[k] << 1) | carry
                carry = next
            }
            var isAtLeast = true
            for k in (0..<width).reversed() where r[k] != divisor[k] {
                isAtLeast = r[k] > divisor[k]
                break
            }
            if isAtLeast {
                var borrow: Int64 = 0
                for k in 0..<width {
                    var difference = Int64(r[k]) - Int64(divisor[k]) - borrow
                    borrow = difference < 0 ? 1 : 0
                    if difference < 0 { difference += 1 << 32 }
                    r[k] = UInt32(difference)
                }
            }
        }
        return ReferenceNat(digits: r)
    }

    /// base^exponent mod modulus by right-to-left square and multiply.
    static func power(_ base: ReferenceNat, _ exponent: ReferenceNat, modulo modulus: ReferenceNat) -> ReferenceNat {
        var result = ReferenceNat(1) % modulus
        var square = base % modulus
        for index in 0..<exponent.bitLength {
            if exponent.bit(index) { result = (result * square) % modulus }
            square = (square * square) % modulus
        }
        return result
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a seeded generator, so a failing property test can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A random `Nat` of `limbCount` limbs.
    mutating func nat(limbCount: Int) -> Nat {
        Nat(limbs: (0..<limbCount).map { _ in next() })
    }

    /// A random odd modulus of exactly `bits` bits (a multiple of 64).
    mutating func oddModulus(bits: Int) -> Nat {
        var m = nat(limbCount: bits / 64)
        m.limbs[0] |= 1
        m.limbs[m.limbCount - 1] |= 1 << 63
        return m
    }

    /// A random value below `m` (same limb count) by masking to m's bit length and redrawing.
    mutating func nat(below m: Nat) -> Nat {
        let bitLength = m.bitLengthVarTime()
        while true {
            var x = nat(limbCount: m.limbCount)
            for index in x.limbs.indices {
                let low = index * 64
                if low >= bitLength { x.limbs[index] = 0 } else if bitLength - low < 64 {
                    x.limbs[index] &= (1 << UInt64(bitLength - low)) - 1
                }
            }
            if x.ctLess(m).isYesVarTime { return x }
        }
    }
}
