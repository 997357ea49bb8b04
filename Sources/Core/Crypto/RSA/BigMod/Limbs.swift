/// Word-level arithmetic on little-endian arrays of 64-bit limbs, through raw pointers.
///
/// Everything here runs in time that depends only on the limb counts: no branch and no address depends on a limb's
/// value. These are the hot loops of RSA, so they take pointers (no bounds checks, no copy-on-write checks, no
/// retain/release) and callers allocate any scratch space once, outside the loops.
enum Limbs {
    typealias Pointer = UnsafeMutablePointer<UInt64>
    typealias ConstPointer = UnsafePointer<UInt64>

    /// `a·b + c` as a double word; cannot overflow since (2⁶⁴−1)² + (2⁶⁴−1) < 2¹²⁸.
    @inline(__always)
    static func mulAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> (high: UInt64, low: UInt64) {
        let (high, low) = a.multipliedFullWidth(by: b)
        let (sum, carry) = low.addingReportingOverflow(c)
        return (high &+ (carry ? 1 : 0), sum)
    }

    /// `a·b + c + d` as a double word; cannot overflow since (2⁶⁴−1)² + 2(2⁶⁴−1) = 2¹²⁸ − 1.
    @inline(__always)
    static func mulAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (high: UInt64, low: UInt64) {
        let (high, low) = a.multipliedFullWidth(by: b)
        let (sum1, carry1) = low.addingReportingOverflow(c)
        let (sum2, carry2) = sum1.addingReportingOverflow(d)
        return (high &+ (carry1 ? 1 : 0) &+ (carry2 ? 1 : 0), sum2)
    }

    /// `x + y + carry` (carry 0 or 1) and the carry out, 0 or 1.
    ///
    /// The carry out is computed with bit operations (Hacker's Delight §2-13: the top bit of
    /// (x ∧ y) ∨ ((x ∨ y) ∧ ¬sum)) rather than by OR-ing two overflow flags: given `c1 | c2`, LLVM proved that a
    /// first overflow decides the result and emitted a conditional jump on it, a branch on secret data.
    @inline(__always)
    static func addWithCarry(_ x: UInt64, _ y: UInt64, _ carry: UInt64) -> (sum: UInt64, carry: UInt64) {
        let sum = x &+ y &+ carry
        return (sum, ((x & y) | ((x | y) & ~sum)) >> 63)
    }

    /// `x − y − borrow` (borrow 0 or 1) and the borrow out, 0 or 1: the top bit of (¬x ∧ y) ∨ (¬(x ⊕ y) ∧ diff)
    /// (Hacker's Delight §2-13), for the same reason as in `addWithCarry`.
    @inline(__always)
    static func subtractWithBorrow(_ x: UInt64, _ y: UInt64, _ borrow: UInt64) -> (difference: UInt64, borrow: UInt64) {
        let difference = x &- y &- borrow
        return (difference, ((~x & y) | (~(x ^ y) & difference)) >> 63)
    }

    /// `z = x + y` over `count` limbs; returns the carry out. `z` may alias `x` or `y`.
    @inline(__always)
    static func add(_ z: Pointer, _ x: ConstPointer, _ y: ConstPointer, _ count: Int) -> UInt64 {
        var carry: UInt64 = 0
        for i in 0..<count {
            (z[i], carry) = addWithCarry(x[i], y[i], carry)
        }
        return carry
    }

    /// `z = x − y` over `count` limbs; returns the borrow out. `z` may alias `x` or `y`.
    @inline(__always)
    static func subtract(_ z: Pointer, _ x: ConstPointer, _ y: ConstPointer, _ count: Int) -> UInt64 {
        var borrow: UInt64 = 0
        for i in 0..<count {
            (z[i], borrow) = subtractWithBorrow(x[i], y[i], borrow)
        }
        return borrow
    }

    /// `z = x` when `choice` is yes; `z` unchanged otherwise. Reads and writes every limb either way.
    @inline(__always)
    static func assign(_ z: Pointer, _ x: ConstPointer, _ count: Int, on choice: Choice) {
        let mask = choice.mask
        for i in 0..<count {
            z[i] ^= mask & (z[i] ^ x[i])
        }
    }

    /// `z = t − m` if that does not go negative (counting `tHigh`, the bit above the top limb), else `z = t`.
    ///
    /// This is the final step of Montgomery multiplication. The subtraction is always computed and the result picked
    /// by mask, so the time does not reveal whether t ≥ m (the leak exploited by Schindler's 2000 timing attack
    /// on CRT exponentiation). `z` must not alias `t`.
    @inline(__always)
    static func finalSubtract(_ z: Pointer, _ t: ConstPointer, _ tHigh: UInt64, _ m: ConstPointer, _ count: Int) {
        let borrow = subtract(z, t, m, count)
        // Keep t − m when t had a bit above the top limb, or when t − m did not borrow.
        let keepDifference = Choice(bit: tHigh) | !Choice(bit: borrow)
        assign(z, t, count, on: !keepDifference)
    }

    /// Montgomery multiplication `z = x·y·R⁻¹ mod m` by separated operand scanning (SOS, Koç–Acar–Kaliski 1996):
    /// the full 2n-limb product row by row, then `montgomeryReduce`. Both passes run the same unrolled row kernel,
    /// which compiles to straight mul/add/adc chains.
    ///
    /// Requires x·y < m·R (true when x < R and y < m, or both < m) and `m` odd; then the reduced value is below
    /// 2m and one unconditional final subtraction gives z < m. `t` is 2·`count` limbs of scratch; `z` may alias
    /// `x` or `y` but not `t`.
    @inline(__always)
    static func montgomeryMultiply(
        _ z: Pointer, _ x: ConstPointer, _ y: ConstPointer, _ m: ConstPointer, _ m0inv: UInt64, _ count: Int,
        scratch t: Pointer
    ) {
        let n = count
        t.update(repeating: 0, count: n)
        var i = 0
        while i < n {
            t[i &+ n] = addMultipleOfRow(t + i, x, y[i], n)
            i &+= 1
        }
        montgomeryReduce(z, t, m, m0inv, n)
    }

    /// `dst[0..<count] += src[0..<count]·y`; returns the word carried out of the top (Go's `addMulVVW`).
    /// The kernel of schoolbook multiplication and of Montgomery reduction.
    @inline(__always)
    static func addMultipleOfRow(_ dst: Pointer, _ src: ConstPointer, _ y: UInt64, _ count: Int) -> UInt64 {
        var carry: UInt64 = 0
        var j = 0
        // Four at a time: fewer loop tests between the dependent carries.
        while j &+ 4 <= count {
            (carry, dst[j]) = mulAdd(src[j], y, dst[j], carry)
            (carry, dst[j &+ 1]) = mulAdd(src[j &+ 1], y, dst[j &+ 1], carry)
            (carry, dst[j &+ 2]) = mulAdd(src[j &+ 2], y, dst[j &+ 2], carry)
            (carry, dst[j &+ 3]) = mulAdd(src[j &+ 3], y, dst[j &+ 3], carry)
            j &+= 4
        }
        while j < count {
            (carry, dst[j]) = mulAdd(src[j], y, dst[j], carry)
            j &+= 1
        }
        return carry
    }

    /// Montgomery reduction of the 2n-limb value in `t` (which it destroys): z = t·R⁻¹ mod m, for t < m·R.
    /// Each pass adds q·m·2^(64i) with q chosen to clear limb i; the carry out of limb i+n rides in `top`.
    @inline(__always)
    static func montgomeryReduce(_ z: Pointer, _ t: Pointer, _ m: ConstPointer, _ m0inv: UInt64, _ n: Int) {
        var top: UInt64 = 0
        var i = 0
        while i < n {
            let row = t + i
            let q = row[0] &* m0inv
            let carry = addMultipleOfRow(row, m, q, n)
            let (sum1, overflow1) = row[n].addingReportingOverflow(carry)
            let (sum2, overflow2) = sum1.addingReportingOverflow(top)
            row[n] = sum2
            top = (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0)
            i &+= 1
        }
        finalSubtract(z, t + n, top, m, n)
    }

    /// Montgomery squaring `z = x²·R⁻¹ mod m`: the full square by separated operand scanning, computing each cross
    /// product xᵢ·xⱼ (i < j) once and doubling, then a word-by-word Montgomery reduction. About n²/2 + n² word
    /// products instead of 2n² for `montgomeryMultiply`.
    ///
    /// Requires x < m, `m` odd. `t` is 2·`count` limbs of scratch; `z` may alias `x` but not `t`.
    @inline(__always)
    static func montgomerySquare(
        _ z: Pointer, _ x: ConstPointer, _ m: ConstPointer, _ m0inv: UInt64, _ count: Int, scratch t: Pointer
    ) {
        let n = count
        t.update(repeating: 0, count: 2 * n)
        // Cross products xᵢ·xⱼ for i < j: row i adds x[i+1..<n]·xᵢ at position 2i+1.
        var i = 0
        while i < n &- 1 {
            t[i &+ n] = addMultipleOfRow(t + (2 &* i &+ 1), x + (i &+ 1), x[i], n &- i &- 1)
            i &+= 1
        }
        // Double them and add the squares xᵢ² on the diagonal; x² < R² so nothing carries out of 2n limbs.
        var shiftedOut: UInt64 = 0
        var carry: UInt64 = 0
        i = 0
        while i < n {
            let pair = t + 2 &* i
            let even = pair[0], odd = pair[1]
            let doubledEven = (even << 1) | shiftedOut
            let doubledOdd = (odd << 1) | (even >> 63)
            shiftedOut = odd >> 63
            // xᵢ² + doubledEven + carry < 2¹²⁸, so the high word absorbs both carries.
            let (high, low) = mulAdd(x[i], x[i], doubledEven, carry)
            pair[0] = low
            let (sum, overflow) = doubledOdd.addingReportingOverflow(high)
            pair[1] = sum
            carry = overflow ? 1 : 0
            i &+= 1
        }
        montgomeryReduce(z, t, m, m0inv, n)
    }
}
