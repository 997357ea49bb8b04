// Differential fuzzing of the constant-time bignum: Montgomery arithmetic (multiply, square, reduce, both
// exponentiations) must agree with the slow bit-serial remainder, which shares none of its code paths.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBigMod(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = input.first else { return 0 }
    let n = Int(first % 8) + 1
    var bytes = Array(input.dropFirst())
    bytes += [UInt8](repeating: 0, count: max(0, 4 * 8 * n - bytes.count))
    func nat(_ index: Int) -> Nat {
        Nat(bigEndian: Array(bytes[(index * 8 * n)..<((index + 1) * 8 * n)]), limbCount: n)!
    }
    var mNat = nat(0)
    mNat.limbs[0] |= 1
    guard let modulus = Modulus(mNat) else { return 0 }  // m = 1
    let x = nat(1).remainder(dividingBy: mNat), y = nat(2).remainder(dividingBy: mNat)
    let exponent = nat(3)

    let product = x.multipliedFullWidth(by: y).remainder(dividingBy: mNat)
    precondition(modulus.multiply(x, y).ctEq(product).isYesVarTime, "multiply disagrees with remainder")
    precondition(
        modulus.montgomerySquare(x).ctEq(modulus.montgomeryMultiply(x, x)).isYesVarTime, "square != multiply")
    let wide = nat(1).multipliedFullWidth(by: nat(2))
    precondition(modulus.reduce(wide).ctEq(wide.remainder(dividingBy: mNat)).isYesVarTime, "reduce disagrees")
    let sum = x.resized(to: n + 1)
    var total = sum
    total.add(y.resized(to: n + 1))
    precondition(
        modulus.add(x, y).ctEq(total.remainder(dividingBy: mNat)).isYesVarTime, "modular add disagrees")
    precondition(modulus.subtract(modulus.add(x, y), y).ctEq(x).isYesVarTime, "subtract does not undo add")
    let exponentBytes = exponent.bigEndianBytes(count: 8 * n)
    precondition(
        modulus.exp(x, exponent: exponent).ctEq(modulus.expVarTime(x, publicExponent: exponentBytes)).isYesVarTime,
        "constant-time and variable-time exponentiation disagree")
    return 0
}
