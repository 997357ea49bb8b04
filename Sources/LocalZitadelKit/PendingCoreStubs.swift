// TEMPORARY compile-only stand-ins for pinned Core API not yet landed (crypto: generate; encoding: pkcs1PEM).
import Core
extension RSAPrivateKey {
    public static func generate(bitCount: Int = 2048) throws(RSAError) -> RSAPrivateKey { throw .unsupportedKeySize(bitCount: bitCount) }
    public var pkcs1PEM: String { "" }
}
