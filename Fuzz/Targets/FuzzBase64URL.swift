// Base64url decoding: any byte string either decodes and re-encodes to itself, or is rejected.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBase64URL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    if let decoded = try? Base64URL.decode(bytes: input) {
        precondition(Array(Base64URL.encode(decoded).utf8) == input, "base64url decode/encode is not canonical")
    }
    return 0
}
