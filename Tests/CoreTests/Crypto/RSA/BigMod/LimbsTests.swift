import Testing
@testable import Core

@Suite struct LimbsTests {
    @Test func doubleWordMultiplyAddNeverOverflows() {
        let (high, low) = Limbs.mulAdd(.max, .max, .max, .max)
        #expect(high == .max && low == .max)  // (2⁶⁴−1)² + 2(2⁶⁴−1) = 2¹²⁸ − 1
        let (h2, l2) = Limbs.mulAdd(.max, .max, .max)
        #expect(h2 == .max && l2 == 0)
    }

    @Test func carriesAndBorrowsAreZeroOrOne() {
        #expect(Limbs.addWithCarry(.max, .max, 1) == (.max, 1))
        #expect(Limbs.addWithCarry(.max, 0, 1) == (0, 1))
        #expect(Limbs.subtractWithBorrow(0, .max, 1) == (0, 1))
        #expect(Limbs.subtractWithBorrow(5, 3, 1) == (1, 0))
    }

    /// The final subtraction keeps t − m exactly when t ≥ m, counting the bit above the top limb.
    @Test func finalSubtractionPicksByMask() {
        func run(_ t: [UInt64], high: UInt64, _ m: [UInt64]) -> [UInt64] {
            var z = [UInt64](repeating: 0, count: m.count)
            t.withUnsafeBufferPointer { t in
                m.withUnsafeBufferPointer { m in
                    z.withUnsafeMutableBufferPointer { z in
                        Limbs.finalSubtract(z.baseAddress!, t.baseAddress!, high, m.baseAddress!, m.count)
                    }
                }
            }
            return z
        }
        #expect(run([5, 1], high: 0, [3, 1]) == [2, 0])
        #expect(run([2, 1], high: 0, [3, 1]) == [2, 1])
        #expect(run([3, 1], high: 0, [3, 1]) == [0, 0])
        #expect(run([1, 0], high: 1, [3, .max]) == [.max &- 1, 0])  // 2¹²⁸ + 1 − (2¹²⁸ − 2⁶⁴ + 3)
    }
}
