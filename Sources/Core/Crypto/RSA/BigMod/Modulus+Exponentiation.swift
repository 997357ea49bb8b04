extension Modulus {
    /// x^e mod m for x < m, with a secret exponent: a fixed 4-bit window over every bit of `exponent`'s limbs
    /// (leading zeros included), so the sequence of squarings and multiplications depends only on the limb counts.
    ///
    /// The 16 table entries x⁰…x¹⁵ are all read on every lookup and combined by mask (`Choice`), so neither the
    /// branch pattern nor the memory addresses reveal the window value (the cache-timing leak of a direct
    /// `table[window]` index, Percival 2005). One allocation holds the table and all scratch space.
    func exp(_ x: Nat, exponent: Nat) -> Nat {
        precondition(x.limbCount == limbCount, "Modulus.exp: base has \(x.limbCount) limbs, modulus \(limbCount)")
        let n = limbCount, m0inv = m0inv
        // Layout: table (16n) | accumulator (n) | selected entry (n) | scratch (2n) | m | R² | 1
        let storage = Limbs.Pointer.allocate(capacity: 23 * n)
        defer {
            // Best effort: the table and accumulator hold values derived from the secret exponent.
            storage.update(repeating: 0, count: 23 * n)
            storage.deallocate()
        }
        storage.initialize(repeating: 0, count: 23 * n)
        let table = storage
        let accumulator = storage + 16 * n
        let selected = accumulator + n
        let scratch = selected + n
        let m = scratch + 2 * n
        let rr = m + n
        let one = rr + n
        nat.limbs.withUnsafeBufferPointer { m.update(from: $0.baseAddress!, count: n) }
        self.rr.limbs.withUnsafeBufferPointer { rr.update(from: $0.baseAddress!, count: n) }
        one[0] = 1

        // table[i] = x^i in Montgomery form.
        montgomeryOne.limbs.withUnsafeBufferPointer { table.update(from: $0.baseAddress!, count: n) }
        x.limbs.withUnsafeBufferPointer { x in
            Limbs.montgomeryMultiply(table + n, x.baseAddress!, rr, m, m0inv, n, scratch: scratch)
        }
        for i in 2..<16 {
            if i % 2 == 0 {
                Limbs.montgomerySquare(table + i * n, table + (i / 2) * n, m, m0inv, n, scratch: scratch)
            } else {
                Limbs.montgomeryMultiply(table + i * n, table + (i - 1) * n, table + n, m, m0inv, n, scratch: scratch)
            }
        }

        accumulator.update(from: table, count: n)
        exponent.limbs.withUnsafeBufferPointer { exponentLimbs in
            Modulus.windows(exponentLimbs, table, accumulator, selected, scratch, m, m0inv, n)
        }

        var result = Nat(limbCount: n)
        result.limbs.withUnsafeMutableBufferPointer { z in
            Limbs.montgomeryMultiply(z.baseAddress!, accumulator, one, m, m0inv, n, scratch: scratch)
        }
        return result
    }

    /// The main loop of `exp`: for each 4-bit window from the top, four squarings, a masked lookup and one
    /// multiplication.
    @inline(__always)
    private static func windows(
        _ exponentLimbs: UnsafeBufferPointer<UInt64>, _ table: Limbs.Pointer, _ accumulator: Limbs.Pointer,
        _ selected: Limbs.Pointer, _ scratch: Limbs.Pointer, _ m: Limbs.Pointer, _ m0inv: UInt64, _ n: Int
    ) {
        var first = true
        for limbIndex in (0..<exponentLimbs.count).reversed() {
            let limb = exponentLimbs[limbIndex]
            var shift = 60
            while shift >= 0 {
                // Skipping the squarings of the very first window depends only on its position, not on bits.
                if !first {
                    for _ in 0..<4 {
                        Limbs.montgomerySquare(accumulator, accumulator, m, m0inv, n, scratch: scratch)
                    }
                }
                let window = (limb >> UInt64(shift)) & 0xF
                lookup(table, window: window, into: selected, count: n)
                Limbs.montgomeryMultiply(accumulator, accumulator, selected, m, m0inv, n, scratch: scratch)
                first = false
                shift -= 4
            }
        }
    }

    /// `selected = table[window]`, reading all 16 entries and keeping one by mask.
    @inline(__always)
    private static func lookup(_ table: Limbs.Pointer, window: UInt64, into selected: Limbs.Pointer, count n: Int) {
        selected.update(repeating: 0, count: n)
        for entry in 0..<16 {
            let mask = Choice.ctEq(window, UInt64(entry)).mask
            let row = table + entry * n
            for index in 0..<n {
                selected[index] |= row[index] & mask
            }
        }
    }

    /// x^e mod m for x < m and a PUBLIC exponent given as big-endian bytes (an RSA public exponent). Left-to-right
    /// square-and-multiply that skips zero bits: its timing reveals e, which is fine only because e is public.
    func expVarTime(_ x: Nat, publicExponent: [UInt8]) -> Nat {
        precondition(x.limbCount == limbCount, "Modulus.expVarTime: base has \(x.limbCount) limbs")
        let n = limbCount, m0inv = m0inv
        let base = montgomeryForm(of: x)
        var accumulator = montgomeryOne
        let scratch = Limbs.Pointer.allocate(capacity: 2 * n)
        defer { scratch.deallocate() }
        nat.limbs.withUnsafeBufferPointer { m in
            base.limbs.withUnsafeBufferPointer { base in
                accumulator.limbs.withUnsafeMutableBufferPointer { accumulator in
                    let m = m.baseAddress!, base = base.baseAddress!, z = accumulator.baseAddress!
                    var started = false
                    for byte in publicExponent {
                        for bit in (0..<8).reversed() {
                            if started {
                                Limbs.montgomerySquare(z, z, m, m0inv, n, scratch: scratch)
                            }
                            if (byte >> UInt8(bit)) & 1 == 1 {
                                Limbs.montgomeryMultiply(z, z, base, m, m0inv, n, scratch: scratch)
                                started = true
                            }
                        }
                    }
                }
            }
        }
        return fromMontgomery(accumulator)
    }
}
