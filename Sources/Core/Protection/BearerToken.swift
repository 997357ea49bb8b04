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
        /// The token, as a slice of the header value (no copy: the fast path only hashes it).
        case token(Substring)
    }

    /// `values`: every `Authorization` header of the request, in order.
    ///
    /// `checkingSyntax: false` skips the token68 check (`.malformed` is then never returned) for a caller that
    /// first looks the token up among tokens already found well-formed, and checks with `isWellFormed` otherwise.
    public static func extract(authorization values: [String], checkingSyntax: Bool = true) -> Extraction {
        guard let value = values.first else { return .missing }
        guard values.count == 1 else { return .ambiguous }
        return extract(value: value, checkingSyntax: checkingSyntax)
    }

    /// The same as `extract(authorization:)` with the request's `Authorization` fields, found without collecting
    /// them into an array (this runs for every protected request).
    public static func extract(from headers: HTTPHeaders, checkingSyntax: Bool = true) -> Extraction {
        var found: String?
        // By index rather than `for field in headers`: the event loop runs this on every protected request, and
        // the index loop copies no field.
        for index in headers.fields.indices where HTTPHeaders.namesEqual(headers.fields[index].name, "Authorization") {
            guard found == nil else { return .ambiguous }
            found = headers.fields[index].value
        }
        guard let found else { return .missing }
        return extract(value: found, checkingSyntax: checkingSyntax)
    }

    private static func extract(value: String, checkingSyntax: Bool) -> Extraction {
        let scanned =
            value.utf8.withContiguousStorageIfAvailable { scan($0[...], checkingSyntax: checkingSyntax) }
            ?? Array(value.utf8).withUnsafeBufferPointer { scan($0[...], checkingSyntax: checkingSyntax) }
        switch scanned {
        case .missing: return .missing
        case .malformed: return .malformed
        case .token(let start, let end):
            let utf8 = value.utf8
            return .token(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]))
        }
    }

    private enum Scan {
        case missing, malformed
        case token(start: Int, end: Int)
    }

    /// Whether `token` is a token68 (what `extract` checks unless told not to).
    public static func isWellFormed(_ token: Substring) -> Bool {
        token.utf8.withContiguousStorageIfAvailable { isToken68($0[...]) }
            ?? Array(token.utf8).withUnsafeBufferPointer { isToken68($0[...]) }
    }

    private static func scan(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, checkingSyntax: Bool) -> Scan {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        let scheme: StaticString = "bearer"
        guard end - start >= scheme.utf8CodeUnitCount else { return .missing }
        for offset in 0..<scheme.utf8CodeUnitCount where bytes[start + offset] | 0x20 != scheme.utf8Start[offset] {
            return .missing
        }
        var index = start + scheme.utf8CodeUnitCount
        if index == end { return .missing }
        guard bytes[index] == UInt8(ascii: " ") else { return .missing }  // "Bearerx …" is another scheme
        while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard index < end else { return .missing }
        if checkingSyntax, !isToken68(bytes[index..<end]) { return .malformed }
        return .token(start: index - bytes.startIndex, end: end - bytes.startIndex)
    }

    static func isToken68(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
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
