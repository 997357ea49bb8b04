/// Finds the access token in a request's `Authorization` header (RFC 6750 §2.1):
/// `credentials = "Bearer" 1*SP b64token`, the scheme case-insensitive (RFC 9110 §11.1), and
/// `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="` (token68).
///
/// Only the header is read: RFC 6750's form-body and query methods are not offered, so a token never lands in an
/// access log as part of a URL.
///
/// Extraction finds the token; whether it is a token68 is a second step, `isToken68(_:)`, which the token guard takes
/// only before it sends a token to ZITADEL. A token the guard's cache knows passed that check when it was first
/// introspected (the cache key is a hash of these very bytes), so a cached request does not pay for the check again:
/// 0.4 µs for a 700-byte JWT, a tenth of what the server spends on the whole request (docs/performance.md).
public enum BearerToken {
    public enum Extraction: Sendable, Equatable {
        /// No `Authorization` header, another scheme (`Basic …`), or `Bearer` with nothing after it.
        case missing
        /// More than one `Authorization` header: RFC 6750 §3.1 `invalid_request`.
        case ambiguous
        /// What follows `Bearer ` (its syntax not yet checked), as a slice of the header value.
        case token(Substring)
    }

    /// `values`: every `Authorization` header of the request, in order.
    public static func extract(authorization values: [String]) -> Extraction {
        guard let value = values.first else { return .missing }
        guard values.count == 1 else { return .ambiguous }
        return extract(value)
    }

    /// One `Authorization` header value. Read as bytes (over the string's own UTF-8 storage): this runs for every
    /// protected request, and walking the value as `Character`s and `Substring` indices cost more than the rest of a
    /// cached request (`swift run -c release ProtectedAPIBench`).
    public static func extract(_ value: String) -> Extraction {
        let found =
            value.utf8.withContiguousStorageIfAvailable(find) ?? Array(value.utf8).withUnsafeBufferPointer(find)
        switch found {
        case .missing: return .missing
        case .token(let range):
            let utf8 = value.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let end = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
            return .token(value[start..<end])
        }
    }

    private enum Found {
        case missing
        /// Byte offsets of the token in the value.
        case token(Range<Int>)
    }

    /// `bearer`, which the scheme must equal in any case (RFC 9110 §11.1).
    private static let scheme = Array("bearer".utf8)

    /// Where the token lies in `bytes` (one `Authorization` value), or why there is none.
    private static func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Found {
        let space = UInt8(ascii: " ")
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == space || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        guard end - start > scheme.count else { return .missing }
        for offset in scheme.indices where bytes[start + offset] | 0x20 != scheme[offset] { return .missing }
        var index = start + scheme.count
        // "Bearerx …" is another scheme; "Bearer" and spaces only is no token at all.
        guard bytes[index] == space else { return .missing }
        while index < end, bytes[index] == space { index += 1 }
        guard index < end else { return .missing }
        return .token(index..<end)
    }

    /// Whether `token` is a token68: at least one token character, then only `=` padding. No authorization server
    /// would call anything else active, so it is refused without asking.
    public static func isToken68(_ token: Substring) -> Bool {
        token.utf8.withContiguousStorageIfAvailable(isToken68) ?? isToken68(Array(token.utf8))
    }

    private static func isToken68(_ bytes: some Collection<UInt8>) -> Bool {
        let body = bytes.prefix(while: isToken68Character)
        return !body.isEmpty && bytes[body.endIndex...].allSatisfy { $0 == UInt8(ascii: "=") }
    }

    private static func isToken68Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }
}
