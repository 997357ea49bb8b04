/// A private key must never reach a log by accident: `print(key)`, string interpolation, `dump(key)` and the
/// debugger all go through these, so each shows the public size only. The same holds for the raw components.
extension RSAPrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "RSAPrivateKey(\(publicKey.modulusBitCount) bits, redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["bitCount": publicKey.modulusBitCount]) }
}

extension RSAKeyComponents: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "RSAKeyComponents(\(modulus.count * 8)-bit modulus field, redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["modulusByteCount": modulus.count]) }
}
