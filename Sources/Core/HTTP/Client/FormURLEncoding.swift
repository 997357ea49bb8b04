/// `application/x-www-form-urlencoded`, the body format of every OAuth request (RFC 6749 Appendix B): UTF-8, then
/// every byte outside RFC 3986's unreserved set `A-Z a-z 0-9 - . _ ~` as `%XX` (upper-case hex), except space,
/// which becomes `+`. This is what Python's `urlencode` and Go's `url.QueryEscape` produce, so ZITADEL (Go) decodes
/// it exactly; WHATWG's serializer differs only on `*` and `~`, which every decoder reads either way.
public enum FormURLEncoding {
    /// `name=value&name=value`, in the given order.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { encode(component: $0.0) + "=" + encode(component: $0.1) }.joined(separator: "&")
    }

    /// One name or value.
    public static func encode(component: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(component.utf8.count)
        for byte in component.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public enum DecodingError: Error, Equatable, CustomStringConvertible {
        /// A `%` not followed by two hex digits, at this byte offset of the input.
        case badPercentEscape(offset: Int)
        /// The decoded bytes are not UTF-8.
        case notUTF8

        public var description: String {
            switch self {
            case .badPercentEscape(let offset):
                return "form body: '%' at byte \(offset) is not followed by two hex digits"
            case .notUTF8: return "form body: a decoded name or value is not valid UTF-8"
            }
        }
    }

    /// Parses a form body into its fields, in order; empty pieces (`a=1&&b=2`) are skipped and a piece without
    /// `=` is a name with an empty value, as WHATWG's parser does. Strict about `%` escapes and UTF-8.
    public static func decode(_ body: some StringProtocol) throws(DecodingError) -> [(String, String)] {
        var fields: [(String, String)] = []
        var offset = 0
        let bytes = Array(body.utf8)
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            defer { offset += piece.count + 1 }
            if piece.isEmpty { continue }
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            let name = equals.map { piece[piece.startIndex..<$0] } ?? piece[...]
            let value = equals.map { piece[piece.index(after: $0)...] } ?? piece[piece.endIndex...]
            let valueOffset = offset + name.count + 1
            fields.append((try decode(component: name, at: offset), try decode(component: value, at: valueOffset)))
        }
        return fields
    }

    private static func decode(component: ArraySlice<UInt8>, at offset: Int) throws(DecodingError) -> String {
        var out = [UInt8]()
        out.reserveCapacity(component.count)
        let bytes = Array(component)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { throw .badPercentEscape(offset: offset + index) }
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw .notUTF8 }
        return text
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
