// JWT parsing and RS256 verification with a fixed public key (the openssl-rs256 2048-bit vector key), and the JSON
// parser on its own. Properties: a token that verifies also decodes (unverified) to the same header and claims;
// JSON that parses serialises to text that parses back to the same value.
private let fuzzKey: RSAPublicKey? = try? RSAPublicKey(pem: """
    -----BEGIN PUBLIC KEY-----
    MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtrdYG5l2fwh8Psq/akki
    AzW2BZRbguM0ZruyHmkfnf/YWXh5rqNyDQ1PngMLfu/89x81cctT1rG5lj9zYNvz
    uyK6MOpLzgH0VtxXV6N8SOQN5zCumAmrdpoELABqdNHaEcjtkQUCrDmAfXbrTAKN
    1xbFa9Ezm6kbx5OBzafxW6azqfQdwFDji5K5/lJogcnJjXcpjUu27JezmxAGkQWS
    i76aELnFZsINjeLLOj/LttJhH0EhFt96NMkPZZys2llcRVRfCDxe3k31GdJfJMk8
    Wou9BnMCLlZ7RxLW0oyIa18rwEXGRBS3L1FmS8FhM6W8ZLiMcbtnrVr2E/if7GWP
    wQIDAQAB
    -----END PUBLIC KEY-----
    """)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJWT(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let key = fuzzKey else { preconditionFailure("the fixed fuzz key does not load") }

    let compact = String(decoding: input, as: UTF8.self)
    let decoded = try? JWT.decodeUnverified(compact)
    if let verified = try? JWT.verifyRS256(compact, key: key) {
        precondition(decoded?.header == verified.header, "verified header differs from the decoded one")
        precondition(decoded?.claims == verified.claims, "verified claims differ from the decoded ones")
        precondition(verified.header.algorithm == "RS256", "a token verified with another alg")
    }

    if let value = try? JSONValue.parse(input) {
        let again = try? JSONValue.parse(value.serialized)
        precondition(again == value, "JSON does not round-trip through serialized")
        _ = try? JWTClaims(json: value)
        _ = try? JWTHeader(json: value)
    }
    return 0
}
