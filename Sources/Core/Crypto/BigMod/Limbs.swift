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

    /// `x + y + carry` and the carry out (0 or 1).
    @inline(__always)
    static func addWithCarry(_ x: UInt64, _ y: UInt64, _ carry: UInt64) -> (sum: UInt64, carry: UInt64) {
        let (sum1, carry1) = x.addingReportingOverflow(y)
        let (sum2, carry2) = sum1.addingReportingOverflow(carry)
        return (sum2, (carry1 ? 1 : 0) | (carry2 ? 1 : 0))
    }

    /// `x − y − borrow` and the borrow out (0 or 1).
    @inline(__always)
    static func subtractWithBorrow(_ x: UInt64, _ y: UInt64, _ borrow: UInt64) -> (difference: UInt64, borrow: UInt64) {
        let (difference1, borrow1) = x.subtractingReportingOverflow(y)
        let (difference2, borrow2) = difference1.subtractingReportingOverflow(borrow)
        return (difference2, (borrow1 ? 1 : 0) | (borrow2 ? 1 : 0))
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

    /// Montgomery multiplication `z = x·y·R⁻¹ mod m`, R = 2^(64·count), by coarsely integrated operand scanning
    /// (CIOS, Koç–Acar–Kaliski 1996) with the multiply and reduce passes fused into one loop.
    ///
    /// Requires x·y < m·R (true when x < R and y < m, or both < m) and `m` odd; then the running value stays below
    /// 2m and one unconditional final subtraction gives z < m. `t` is `count` limbs of scratch; `z` may alias `x`
    /// or `y` but not `t`.
    @inline(__always)
    static func montgomeryMultiply(
        _ z: Pointer, _ x: ConstPointer, _ y: ConstPointer, _ m: ConstPointer, _ m0inv: UInt64, _ count: Int,
        scratch t: Pointer
    ) {
        t.update(repeating: 0, count: count)
        var tHigh: UInt64 = 0
        for i in 0..<count {
            let yi = y[i]
            // Column 0 decides q so that adding q·m clears the low limb, which is then shifted out.
            var (carry1, low) = mulAdd(x[0], yi, t[0])
            let q = low &* m0inv
            var (carry2, _) = mulAdd(q, m[0], low)
            var j = 1
            while j < count {
                (carry1, low) = mulAdd(x[j], yi, t[j], carry1)
                (carry2, t[j - 1]) = mulAdd(q, m[j], low, carry2)
                j &+= 1
            }
            let (sum1, overflow1) = tHigh.addingReportingOverflow(carry1)
            let (sum2, overflow2) = sum1.addingReportingOverflow(carry2)
            t[count - 1] = sum2
            tHigh = (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0)
        }
        finalSubtract(z, t, tHigh, m, count)
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
        // Cross products xᵢ·xⱼ for i < j.
        var i = 0
        while i < n - 1 {
            let xi = x[i]
            var carry: UInt64 = 0
            var j = i + 1
            while j < n {
                (carry, t[i + j]) = mulAdd(xi, x[j], t[i + j], carry)
                j &+= 1
            }
            t[i + n] = carry
            i &+= 1
        }
        // Double them and add the squares xᵢ² on the diagonal; x² < R² so nothing carries out of 2n limbs.
        var shiftedOut: UInt64 = 0
        var carry: UInt64 = 0
        i = 0
        while i < n {
            let (high, low) = x[i].multipliedFullWidth(by: x[i])
            let even = t[2 * i], odd = t[2 * i + 1]
            let doubledEven = (even << 1) | shiftedOut
            let doubledOdd = (odd << 1) | (even >> 63)
            shiftedOut = odd >> 63
            (t[2 * i], carry) = addWithCarry(doubledEven, low, carry)
            (t[2 * i + 1], carry) = addWithCarry(doubledOdd, high, carry)
            i &+= 1
        }
        // Reduce: each pass adds q·m·2^(64i) to clear limb i; the carry out of limb i+n rides in `top`.
        var top: UInt64 = 0
        i = 0
        while i < n {
            let q = t[i] &* m0inv
            var carry: UInt64 = 0
            var j = 0
            while j < n {
                (carry, t[i + j]) = mulAdd(q, m[j], t[i + j], carry)
                j &+= 1
            }
            let (sum1, overflow1) = t[i + n].addingReportingOverflow(carry)
            let (sum2, overflow2) = sum1.addingReportingOverflow(top)
            t[i + n] = sum2
            top = (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0)
            i &+= 1
        }
        finalSubtract(z, t + n, top, m, n)
    }
}
