/// Why bytes from Redis are not an acceptable RESP2 reply
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/).
///
/// After any of these the connection must be closed: where the next reply starts can no longer be known. The
/// descriptions never echo reply contents (a cached value may hold token claims), at most the one type byte.
enum RESPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first byte of an element is none of `+ - : $ *` nor a RESP3 type.
    case unknownType(UInt8)
    /// A RESP3 type (`_ , # ! = ( % ~ | >`): the client never sends HELLO 3, so Redis must not send these.
    case unsupportedType(UInt8)
    /// A line ends with LF alone; the spec ends every line with CR LF.
    case bareLineFeed
    /// A CR inside a line that LF does not follow; simple strings and errors may hold neither CR nor LF.
    case bareCarriageReturn
    /// A bulk string or array length that is not `-1` or plain decimal digits (no sign, no spaces).
    case invalidLength
    /// A length below zero other than `-1`, the one negative the spec gives a meaning (null).
    case negativeLength
    /// An integer reply that is not an optional sign followed by decimal digits.
    case invalidInteger
    /// An integer or a length past the signed 64-bit range.
    case numberOutOfRange
    /// The declared number of bulk string bytes is not followed by CR LF.
    case unterminatedBulkString
    case lineTooLong(limit: Int)
    case bulkStringTooLong(limit: Int)
    case arrayTooLong(limit: Int)
    case nestedTooDeep(limit: Int)
    case replyTooLarge(limit: Int)

    var description: String {
        switch self {
        case .unknownType(let byte):
            "Redis sent an element starting with byte \(Self.hex(byte)), which is no RESP type."
        case .unsupportedType(let byte):
            "Redis sent a RESP3 element (type \(Self.hex(byte))); this client speaks RESP2 only."
        case .bareLineFeed: "Redis sent a line ending with a bare LF instead of CR LF."
        case .bareCarriageReturn: "Redis sent a line holding a CR that no LF follows."
        case .invalidLength: "Redis sent a length that is neither -1 nor a plain decimal number."
        case .negativeLength: "Redis sent a negative length other than -1."
        case .invalidInteger: "Redis sent an integer reply that is not a decimal number."
        case .numberOutOfRange: "Redis sent a number that does not fit in 64 bits."
        case .unterminatedBulkString: "Redis sent a bulk string whose bytes are not followed by CR LF."
        case .lineTooLong(let limit): "Redis sent a line longer than \(limit) bytes."
        case .bulkStringTooLong(let limit): "Redis sent a bulk string longer than \(limit) bytes."
        case .arrayTooLong(let limit): "Redis sent an array of more than \(limit) elements."
        case .nestedTooDeep(let limit): "Redis sent arrays nested more than \(limit) deep."
        case .replyTooLarge(let limit): "Redis sent a reply larger than \(limit) bytes."
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count == 1 ? "0" + digits : digits)
    }
}
