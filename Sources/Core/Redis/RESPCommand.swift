/// Commands as Redis reads them from a client: a RESP array of bulk strings
/// (https://redis.io/docs/latest/develop/reference/protocol-spec/, "Sending commands to a Redis server").
///
/// Every argument goes as a bulk string, whose length prefix makes it binary-safe: a key, a value or a password may
/// hold any bytes, CR LF and spaces included, with nothing to escape. (The spec's inline commands, split at spaces,
/// are for telnet sessions and never used here.)
enum RESPCommand {
    /// `*<count>\r\n` then `$<length>\r\n<bytes>\r\n` for each argument, the command name first.
    static func encode(_ arguments: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(arguments.reduce(16) { $0 + $1.count + 16 })
        appendLine(UInt8(ascii: "*"), arguments.count, to: &bytes)
        for argument in arguments {
            appendLine(UInt8(ascii: "$"), argument.count, to: &bytes)
            bytes.append(contentsOf: argument)
            bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
        }
        return bytes
    }

    /// The arguments as their UTF-8 bytes.
    static func encode(_ arguments: [String]) -> [UInt8] {
        encode(arguments.map { Array($0.utf8) })
    }

    /// AUTH [username] password (https://redis.io/docs/latest/commands/auth/). Without a username Redis checks the
    /// `default` user (or `requirepass` before Redis 6).
    static func auth(username: String?, password: String) -> [UInt8] {
        encode(["AUTH"] + (username.map { [$0] } ?? []) + [password])
    }

    /// SELECT index (https://redis.io/docs/latest/commands/select/): the database of this connection.
    static func select(database: Int) -> [UInt8] {
        encode(["SELECT", String(database)])
    }

    /// GET key (https://redis.io/docs/latest/commands/get/): a bulk string, or the null bulk string if absent.
    static func get(key: [UInt8]) -> [UInt8] {
        encode([Array("GET".utf8), key])
    }

    /// SET key value PX milliseconds (https://redis.io/docs/latest/commands/set/): stored with a time to live.
    /// Redis answers an error reply, not `+OK`, for a time to live that is not positive.
    static func set(key: [UInt8], value: [UInt8], expiresInMilliseconds milliseconds: Int) -> [UInt8] {
        encode([Array("SET".utf8), key, value, Array("PX".utf8), Array(String(milliseconds).utf8)])
    }

    /// SET key value NX PX milliseconds (https://redis.io/docs/latest/commands/set/): stored with a time to live
    /// only if the key has no value; `+OK` when stored, the null bulk string when the key was there already.
    static func setIfAbsent(key: [UInt8], value: [UInt8], expiresInMilliseconds milliseconds: Int) -> [UInt8] {
        encode([Array("SET".utf8), key, value, Array("NX".utf8), Array("PX".utf8), Array(String(milliseconds).utf8)])
    }

    private static func appendLine(_ type: UInt8, _ number: Int, to bytes: inout [UInt8]) {
        bytes.append(type)
        bytes.append(contentsOf: String(number).utf8)
        bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }
}
