/// Finds the access token in a request's `Authorization` header (RFC 6750 §2.1):
/// `credentials = "Bearer" 1*SP b64token`, the scheme case-insensitive (RFC 9110 §11.1), and
/// `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="` (token68).
///
/// Only the header is read: RFC 6750's form-body and query methods are not offered, so a token never lands in an
/// access log as part of a URL.
public enum BearerToken {
    public enum Extraction: Sendable, Equatable {
        /// No `Authorization` header, another scheme (`Basic …`), or `Bearer` with nothing after it.
        case missing
        /// More than one `Authorization` header: RFC 6750 §3.1 `invalid_request`.
        case ambiguous
        /// `Bearer` followed by something that is not a token68; no authorization server would call it active.
        case malformed
        case token(String)
    }

    /// `values`: every `Authorization` header of the request, in order.
    public static func extract(authorization values: [String]) -> Extraction {
        guard let value = values.first else { return .missing }
        guard values.count == 1 else { return .ambiguous }
        let bytes = Array(value.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        let scheme = Array("bearer".utf8)
        guard end - start >= scheme.count,
            zip(bytes[start..<start + scheme.count], scheme).allSatisfy({ $0 | 0x20 == $1 })
        else { return .missing }
        var index = start + scheme.count
        if index == end { return .missing }
        guard bytes[index] == UInt8(ascii: " ") else { return .missing }  // "Bearerx …" is another scheme
        while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
        let token = bytes[index..<end]
        guard isToken68(token) else { return .malformed }
        return .token(String(decoding: token, as: UTF8.self))
    }

    static func isToken68(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex, isToken68Character(bytes[index]) { index += 1 }
        guard index > bytes.startIndex else { return false }
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: "=") { index += 1 }
        return index == bytes.endIndex
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

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}
