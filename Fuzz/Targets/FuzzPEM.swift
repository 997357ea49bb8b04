// PEM armour and the RSA key structures (PKCS#1, PKCS#8, SPKI), from text and from raw DER.
// Any input is either refused with a KeyFormatError or read; a PKCS#1 structure that is read writes back to the
// very same bytes, because the strict reader accepts one encoding per key.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPEM(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: input, as: UTF8.self)
    let labels = ["RSA PRIVATE KEY", "PRIVATE KEY", "RSA PUBLIC KEY", "PUBLIC KEY"]
    var ders = [input]
    if let (_, der) = try? PEM.decode(text, expectedLabels: labels) { ders.append(der) }
    for der in ders {
        if let components = try? RSAKeyDER.parsePKCS1PrivateKey(der) {
            precondition(RSAKeyDER.pkcs1PrivateKey(components) == der, "PKCS#1 private key does not round-trip")
        }
        if let numbers = try? RSAKeyDER.parsePKCS1PublicKey(der) {
            precondition(RSAKeyDER.pkcs1PublicKey(numbers) == der, "PKCS#1 public key does not round-trip")
        }
        _ = try? RSAKeyDER.parsePKCS8PrivateKey(der)
        _ = try? RSAKeyDER.parseSubjectPublicKeyInfo(der)
    }
    return 0
}
