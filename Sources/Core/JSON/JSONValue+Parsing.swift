/// Why a byte string is not the JSON text `JSONValue.parse` accepts. Never quotes the input (it may be a token).
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case unexpectedEnd
        case unexpectedByte
        case invalidNumber
        /// A number too large for a `Double` (`1e400`).
        case numberOutOfRange
        case invalidEscape
        /// A `\u` escape of half a surrogate pair: no character (RFC 8259 §8.2).
        case loneSurrogate
        case invalidUTF8
        /// A raw control character inside a string, which must be escaped (RFC 8259 §7).
        case controlCharacterInString
        case duplicateKey(String)
        case tooDeep
        case trailingData
    }

    public var reason: Reason
    /// The byte offset where the problem was found.
    public var offset: Int

    public var description: String {
        let what =
            switch reason {
            case .unexpectedEnd: "the text ends in the middle of a value"
            case .unexpectedByte: "unexpected character"
            case .invalidNumber: "malformed number"
            case .numberOutOfRange: "number too large"
            case .invalidEscape: "invalid escape in a string"
            case .loneSurrogate: "an escaped half surrogate pair in a string"
            case .invalidUTF8: "a string that is not valid UTF-8"
            case .controlCharacterInString: "an unescaped control character in a string"
            case .duplicateKey(let key): "the member \"\(key.prefix(40))\" appears twice in one object"
            case .tooDeep: "arrays and objects nested more than \(JSONValue.maxParseDepth) deep"
            case .trailingData: "more text after the JSON value"
            }
        return "invalid JSON at byte \(offset): \(what)"
    }
}

extension JSONValue {
    /// Nesting limit for `parse`: deeper documents are refused before they can exhaust the stack.
    public static let maxParseDepth = 64

    /// Parses one JSON text (RFC 8259) strictly: no comments, no trailing commas, no leading zeros, no lone
    /// surrogates, valid UTF-8, nothing but whitespace after the value. Duplicate member names are refused: RFC 8259
    /// §4 leaves their meaning open, and RFC 7515 §5.2 lets a JWS reader refuse them, which closes the door on two
    /// readers seeing different `alg` values in one header.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: Array(bytes))
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw parser.error(.trailingData) }
        return value
    }

    public static func parse(_ string: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(string.utf8))
    }
}

/// A recursive-descent reader over the RFC 8259 grammar; recursion depth is bounded by `maxParseDepth`.
private struct JSONParser {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ reason: JSONParseError.Reason) -> JSONParseError {
        JSONParseError(reason: reason, offset: position)
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    func peek() throws(JSONParseError) -> UInt8 {
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        return bytes[position]
    }

    mutating func expect(_ literal: String) throws(JSONParseError) {
        for byte in literal.utf8 {
            guard try peek() == byte else { throw error(.unexpectedByte) }
            position += 1
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error(.unexpectedByte)
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONValue.maxParseDepth else { throw error(.tooDeep) }
        position += 1  // {
        var members = [String: JSONValue]()
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard try peek() == UInt8(ascii: "\"") else { throw error(.unexpectedByte) }
            let keyOffset = position
            let key = try parseString()
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            let value = try parseValue(depth: depth)
            guard members.updateValue(value, forKey: key) == nil else {
                throw JSONParseError(reason: .duplicateKey(key), offset: keyOffset)
            }
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(members)
            default: throw error(.unexpectedByte)
            }
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONValue.maxParseDepth else { throw error(.tooDeep) }
        position += 1  // [
        var elements = [JSONValue]()
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            default: throw error(.unexpectedByte)
            }
        }
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        func digits(_ parser: inout JSONParser) throws(JSONParseError) {
            guard parser.position < parser.bytes.count, isDigit(parser.bytes[parser.position]) else {
                throw parser.error(.invalidNumber)
            }
            while parser.position < parser.bytes.count, isDigit(parser.bytes[parser.position]) { parser.position += 1 }
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            try digits(&self)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            try digits(&self)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            try digits(&self)
        }
        guard let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw JSONParseError(reason: .invalidNumber, offset: start)
        }
        guard value.isFinite else { throw JSONParseError(reason: .numberOutOfRange, offset: start) }
        return value
    }

    mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        var output = [UInt8]()
        while true {
            let byte = try peek()
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                let string = String(decoding: output, as: UTF8.self)
                // Decoding replaces invalid UTF-8 with U+FFFD; a changed byte count or content reveals it.
                guard string.utf8.elementsEqual(output) else { throw error(.invalidUTF8) }
                return string
            case UInt8(ascii: "\\"):
                position += 1
                try parseEscape(into: &output)
            case 0x00..<0x20:
                throw error(.controlCharacterInString)
            default:
                output.append(byte)
                position += 1
            }
        }
    }

    mutating func parseEscape(into output: inout [UInt8]) throws(JSONParseError) {
        let byte = try peek()
        position += 1
        let simple: UInt8? =
            switch byte {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            case UInt8(ascii: "/"): 0x2F
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            output.append(simple)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw error(.invalidEscape) }
        var scalar = try parseHex4()
        if (0xD800..<0xDC00).contains(scalar) {
            // RFC 8259 §7: a character outside the BMP is a surrogate pair of two escapes.
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else { throw error(.loneSurrogate) }
            position += 2
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error(.loneSurrogate) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw error(.loneSurrogate)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error(.invalidEscape) }
        output += Array(String(Character(unicode)).utf8)
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try peek()
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error(.invalidEscape)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
