// What the API reads from outside: an introspection answer (from the network), an Authorization header (from any
// client), a form body, a Retry-After header (from ZITADEL) and Forwarded / X-Forwarded-For headers (from any
// client). Properties: nothing crashes; an answer read as active really said "active": true; a token that comes out
// of a header is a non-empty slice of it; form decoding inverts form encoding; a Retry-After wait is never negative nor
// past its maximum; the client named behind a trusted proxy is an IP address of the chain or the peer.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntrospection(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))

    if let result = try? IntrospectionResult(json: input) {
        let active = (try? JSONValue.parse(input))?.objectValue?["active"]
        precondition(
            (result.principal != nil) == (active == .bool(true)), "active read from something other than \"active\":true")
    }

    let text = String(decoding: input, as: UTF8.self)
    switch BearerToken.extract(authorization: [text]) {
    case .token(let token):
        precondition(!token.isEmpty && token.first != " " && text.contains(token), "token not a slice of the header")
    case .missing, .ambiguous:
        break
    }

    if let wait = RetryAfter.delay(text, now: Date(timeIntervalSince1970: 1_800_000_000), maximum: .seconds(3600)) {
        precondition(wait >= .zero && wait <= .seconds(3600), "Retry-After wait out of bounds: \(wait)")
    }

    let everyone = TrustedProxies("0.0.0.0/0, ::/0")!
    let client = everyone.client(peer: "10.0.0.1", forwarded: [text], xForwardedFor: [text])
    precondition(client == "10.0.0.1" || IPAddress.bytes(of: client) != nil, "a client that is no IP address: \(client)")

    if let fields = try? FormURLEncoding.decode(text) {
        let again = try? FormURLEncoding.decode(FormURLEncoding.encode(fields))
        precondition(again.map { $0.map(\.0) == fields.map(\.0) && $0.map(\.1) == fields.map(\.1) } == true,
            "form decode/encode/decode changed the fields")
    }
    return 0
}
