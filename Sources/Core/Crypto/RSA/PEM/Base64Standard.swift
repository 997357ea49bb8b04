/// Base64 with the standard alphabet (RFC 4648 §4), as PEM bodies use it (RFC 7468 §3).
///
/// Whitespace (space, tab, CR, LF) is skipped anywhere, `=` padding is optional but when present must be exactly
/// what the length calls for and end the data, and the unused bits of the last character must be zero
/// (RFC 4648 §3.5), so one byte string has one accepted text up to whitespace and padding.
enum Base64Standard {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0xFF marks a byte outside the alphabet.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        var output = [UInt8]()
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let chunk = b0 << 16 | b1 << 8 | b2
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(remaining > 1 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "="))
            output.append(remaining > 2 ? alphabet[Int(chunk & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode<Bytes: Collection<UInt8>>(_ input: Bytes) throws(KeyFormatError) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        var characterCount = 0
        var paddingCount = 0
        for character in input {
            switch character {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: "="):
                paddingCount += 1
                continue
            default:
                break
            }
            // Data after padding would be a second base64 text glued to the first.
            guard paddingCount == 0 else { throw .badBase64(reason: "text continues after the '=' padding") }
            let value = decodeTable[Int(character)]
            guard value != 0xFF else {
                throw .badBase64(reason: "a character outside base64 (A–Z a–z 0–9 + /) in the key body")
            }
            characterCount += 1
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        guard characterCount % 4 != 1 else { throw .badBase64(reason: "the body length cannot encode whole bytes") }
        if paddingCount > 0 && (characterCount + paddingCount) % 4 != 0 || paddingCount > 2 {
            throw .badBase64(reason: "wrong amount of '=' padding")
        }
        guard accumulator == 0 else { throw .badBase64(reason: "the last character carries bits that encode nothing") }
        return output
    }
}
