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
        /// The token, as a slice of the header value.
        case token(Substring)
    }

    /// `values`: every `Authorization` header of the request, in order.
    public static func extract(authorization values: [String]) -> Extraction {
        guard let value = values.first else { return .missing }
        guard values.count == 1 else { return .ambiguous }
        return extract(value)
    }

    /// One `Authorization` header value.
    public static func extract(_ value: String) -> Extraction {
        var trimmed = value[...]
        while let first = trimmed.first, isWhitespace(first) { trimmed.removeFirst() }
        while let last = trimmed.last, isWhitespace(last) { trimmed.removeLast() }
        let scheme = "bearer"
        guard trimmed.utf8.count > scheme.utf8.count,
            zip(trimmed.utf8, scheme.utf8).allSatisfy({ $0 | 0x20 == $1 })
        else { return .missing }
        let afterScheme = trimmed.utf8.dropFirst(scheme.utf8.count)
        // "Bearerx …" is another scheme; "Bearer" and spaces only is no token at all.
        guard afterScheme.first == UInt8(ascii: " ") else { return .missing }
        let token = Substring(afterScheme.drop { $0 == UInt8(ascii: " ") })
        guard !token.isEmpty else { return .missing }
        return isToken68(token) ? .token(token) : .malformed
    }

    /// Whether `token` is a token68: at least one token character, then only `=` padding.
    static func isToken68(_ token: Substring) -> Bool {
        let body = token.utf8.prefix(while: isToken68Character)
        return !body.isEmpty && token.utf8[body.endIndex...].allSatisfy { $0 == UInt8(ascii: "=") }
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

    private static func isWhitespace(_ character: Character) -> Bool { character == " " || character == "\t" }
}
