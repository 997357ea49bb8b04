/// A secret yes/no held as a full-width mask: `0` (no) or `UInt64.max` (yes).
///
/// Constant-time code never branches on a `Choice` and never uses one to index memory; it combines values with
/// masks instead (`select`), so the instructions executed and the addresses touched do not depend on secret data.
/// The vocabulary follows Go's `crypto/internal/fips140/bigmod` (`choice`, `ctEq`, `ctMask`).
struct Choice: Sendable, Equatable {
    /// `0` or `UInt64.max`; every constructor keeps this invariant.
    let mask: UInt64

    static let no = Choice(mask: 0)
    static let yes = Choice(mask: .max)

    /// The choice of a bit that must be 0 or 1 (for example a carry or a borrow).
    @inline(__always)
    init(bit: UInt64) {
        mask = 0 &- bit
    }

    @inline(__always)
    private init(mask: UInt64) {
        self.mask = mask
    }

    /// 0 or 1.
    @inline(__always)
    var bit: UInt64 { mask & 1 }

    /// Only for values that have become public (a verification result, a rejected candidate).
    var isYesVarTime: Bool { mask != 0 }

    @inline(__always)
    static prefix func ! (choice: Choice) -> Choice { Choice(mask: ~choice.mask) }

    @inline(__always)
    static func & (lhs: Choice, rhs: Choice) -> Choice { Choice(mask: lhs.mask & rhs.mask) }

    @inline(__always)
    static func | (lhs: Choice, rhs: Choice) -> Choice { Choice(mask: lhs.mask | rhs.mask) }

    /// `yes` when the two words are equal, without a branch: `x ^ y` is zero exactly then, and
    /// `(v | -v) >> 63` is 1 exactly when `v` is non-zero.
    @inline(__always)
    static func ctEq(_ x: UInt64, _ y: UInt64) -> Choice {
        let v = x ^ y
        return Choice(bit: ((v | (0 &- v)) >> 63) ^ 1)
    }

    /// `yes` when the word is zero.
    @inline(__always)
    static func ctIsZero(_ x: UInt64) -> Choice { ctEq(x, 0) }

    /// `a` when yes, `b` when no.
    @inline(__always)
    func select(_ a: UInt64, _ b: UInt64) -> UInt64 {
        b ^ (mask & (a ^ b))
    }
}
