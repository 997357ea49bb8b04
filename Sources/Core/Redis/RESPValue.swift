/// One RESP2 reply from Redis, as the five types of the protocol spec
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/).
///
/// RESP2 has two nulls, and both are kept apart from empty values because Redis gives them a meaning of their own:
/// `$-1` (a null bulk string, e.g. GET of a missing key) is `.bulkString(nil)`, not an empty string, and `*-1` (a null
/// array, e.g. a timed-out BLPOP) is `.array(nil)`, not an empty array.
enum RESPValue: Equatable, Sendable {
    /// `+OK`: short text without CR or LF.
    case simpleString(String)
    /// `-ERR message`: Redis's answer to a command it refused; by convention the first word is the error code.
    case error(String)
    /// `:1000`: a signed 64-bit integer.
    case integer(Int64)
    /// `$5\r\nhello`: binary-safe bytes (they may hold CR LF); nil is the null bulk string `$-1`.
    case bulkString([UInt8]?)
    /// `*2\r\n…`: elements of any type, arrays included; nil is the null array `*-1`.
    case array([RESPValue]?)
}
