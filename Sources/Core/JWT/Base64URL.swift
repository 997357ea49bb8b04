/// Base64url without padding (RFC 4648 §5, as JWS requires in RFC 7515 §2 and Appendix C).
///
/// Decoding is strict: a JWS segment must not contain `=`, `+`, `/`, whitespace or any other byte outside the
/// url-safe alphabet, a length of 1 modulo 4 is impossible, and the unused low bits of the last character must be
/// zero (RFC 4648 §3.5), so that every byte string has exactly one accepted encoding.
public enum Base64URL {
    public enum DecodingError: Error, Equatable, CustomStringConvertible {
        case invalidCharacter(offset: Int)
        case invalidLength(Int)
        case nonCanonicalTrailingBits

        public var description: String {
            switch self {
            case .invalidCharacter(let offset):
                "base64url: a character outside A–Z a–z 0–9 - _ at offset \(offset) (padding and whitespace are not allowed)"
            case .invalidLength(let length):
                "base64url: \(length) characters cannot encode whole bytes"
            case .nonCanonicalTrailingBits:
                "base64url: the last character carries bits that encode nothing"
            }
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// 0xFF marks a byte outside the alphabet.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var output = [UInt8]()
        output.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
            output.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        switch input.count - index {
        case 1:
            let chunk = UInt32(input[index]) << 16
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
        case 2:
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    public static func encode(_ string: String) -> String {
        encode(Array(string.utf8))
    }

    public static func decode(_ string: some StringProtocol) throws(DecodingError) -> [UInt8] {
        try decode(bytes: Array(string.utf8))
    }

    public static func decode<Bytes: Collection>(bytes: Bytes) throws(DecodingError) -> [UInt8]
    where Bytes.Element == UInt8 {
        let input = Array(bytes)
        if input.count % 4 == 1 { throw .invalidLength(input.count) }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for (offset, character) in input.enumerated() {
            let value = decodeTable[Int(character)]
            if value == 0xFF { throw .invalidCharacter(offset: offset) }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        if accumulator != 0 { throw .nonCanonicalTrailingBits }
        return output
    }
}
