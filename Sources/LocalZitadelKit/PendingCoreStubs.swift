// TEMPORARY compile-only stand-ins for the pinned Core API of the crypto/encoding branches; deleted on merge.
public enum RSAError: Error, Equatable { case pending }
public struct RSAPublicKey: Sendable, Equatable {
    public var modulusBytes: [UInt8] { [] }
    public var publicExponentBytes: [UInt8] { [] }
    public func isValidPKCS1v15SHA256Signature(_ signature: [UInt8], message: [UInt8]) -> Bool { false }
    public var spkiPEM: String { "" }
}
public struct RSAPrivateKey: Sendable {
    public var publicKey: RSAPublicKey { RSAPublicKey() }
    public func signPKCS1v15SHA256(message: [UInt8]) throws(RSAError) -> [UInt8] { throw .pending }
    public static func generate(bitCount: Int = 2048) throws(RSAError) -> RSAPrivateKey { throw .pending }
    public var pkcs1PEM: String { "" }
}
