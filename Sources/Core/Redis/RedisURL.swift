/// Where the introspection cache's Redis is and how to log in, read from `INTROSPECTION_CACHE_URL`.
///
/// The form is `redis://[[user]:password@]host[:port][/db]`: the redis URI scheme
/// (https://www.iana.org/assignments/uri-schemes/prov/redis) in RFC 3986's generic syntax, with the subset that
/// Redis clients agree on. Port 6379 and database 0 unless given; the user name and password are percent-decoded;
/// `redis://:secret@host` gives a password alone (Redis's `default` user); an IPv6 address goes in brackets,
/// `redis://[::1]:6380/2`, and `host` holds it without them.
///
/// Refused rather than guessed: other schemes (`rediss://`, TLS, included: this client has no TLS), query options,
/// fragments, anything after the database, and credentials without a ':' (some clients read `redis://secret@host` as
/// a user name, others as a password).
///
/// `description` is `redacted`, so interpolating a RedisURL into a log line never prints the password.
public struct RedisURL: Equatable, Sendable, CustomStringConvertible {
    static let defaultPort = 6379

    /// A host name or an IP address; an IPv6 address without its brackets.
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var database: Int

    /// The URL in its full form with the password replaced by `***`, for logs.
    public var redacted: String {
        var text = "redis://"
        if username != nil || password != nil {
            text += Self.percentEncoded(username ?? "") + ":" + (password == nil ? "" : "***") + "@"
        }
        text += host.contains(":") ? "[\(host)]" : host
        return text + ":\(port)/\(database)"
    }

    public var description: String { redacted }

    /// RFC 3986 §2.3: unreserved characters stay, every other byte of the UTF-8 is written `%XX`.
    private static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if isUnreserved(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return encoded
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

extension RedisURL {
    public init(parsing text: String) throws(RedisURLError) {
        let bytes = Array(text.utf8)
        // RFC 3986 §3.1: the scheme is case-insensitive.
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes[colon...].starts(with: "://".utf8) else {
            throw .notRedisScheme
        }
        let scheme = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
        guard scheme != "rediss" else { throw .tlsNotSupported }
        guard scheme == "redis" else { throw .notRedisScheme }
        let rest = bytes[(colon + 3)...]
        if rest.contains(UInt8(ascii: "?")) || rest.contains(UInt8(ascii: "#")) { throw .queryOrFragment }

        // RFC 3986 §3.2: the authority ends at the first '/'; an '@' after it means a '/' in the credentials.
        let pathStart = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        if rest[pathStart...].contains(UInt8(ascii: "@")) { throw .slashInCredentials }
        var authority = rest[..<pathStart]

        // The last '@', so that an '@' in a password works even unencoded.
        var username: String?
        var password: String?
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
            let credentials = authority[..<at]
            authority = authority[(at + 1)...]
            guard let separator = credentials.firstIndex(of: UInt8(ascii: ":")) else { throw .credentialsWithoutColon }
            username = try Self.percentDecoded(credentials[..<separator])
            password = try Self.percentDecoded(credentials[(separator + 1)...])
        }

        let (host, portText) = try Self.splitHostAndPort(authority)
        self.init(
            host: host, port: try Self.port(portText), username: username, password: password,
            database: try Self.database(rest[pathStart...]))
    }

    /// RFC 3986 §3.2.2 and §3.2.3: `[IPv6]` or a name or IPv4 address, then optionally ':' and the port.
    private static func splitHostAndPort(
        _ authority: ArraySlice<UInt8>
    ) throws(RedisURLError) -> (host: String, port: ArraySlice<UInt8>?) {
        let host: ArraySlice<UInt8>
        let afterHost: ArraySlice<UInt8>
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { throw .invalidHost }
            host = authority[(authority.startIndex + 1)..<close]
            afterHost = authority[(close + 1)...]
            guard !host.isEmpty else { throw .missingHost }
            guard host.contains(UInt8(ascii: ":")), host.allSatisfy(isIPv6AddressByte) else { throw .invalidHost }
        } else {
            let colon = authority.firstIndex(of: UInt8(ascii: ":")) ?? authority.endIndex
            host = authority[..<colon]
            afterHost = authority[colon...]
            guard !host.isEmpty else { throw .missingHost }
            guard host.allSatisfy(isHostNameByte) else { throw .invalidHost }
        }
        guard let first = afterHost.first else { return (String(decoding: host, as: UTF8.self), nil) }
        guard first == UInt8(ascii: ":") else { throw .invalidHost }
        return (String(decoding: host, as: UTF8.self), afterHost.dropFirst())
    }

    private static func isHostNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
    }

    private static func isIPv6AddressByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F")) || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: ".")
    }

    private static func port(_ text: ArraySlice<UInt8>?) throws(RedisURLError) -> Int {
        guard let text else { return defaultPort }
        guard let port = decimal(text) else { throw .invalidPort }
        guard (1...65535).contains(port) else { throw .portOutOfRange }
        return port
    }

    /// The path: empty, "/", or "/" and the database number.
    private static func database(_ path: ArraySlice<UInt8>) throws(RedisURLError) -> Int {
        let number = path.dropFirst()
        if number.isEmpty { return 0 }
        if number.contains(UInt8(ascii: "/")) { throw .textAfterDatabase }
        // Redis numbers databases with a C int; a larger index could never be selected.
        guard let database = decimal(number), database <= Int(Int32.max) else { throw .invalidDatabase }
        return database
    }

    /// Digits only (no sign), saturating past Int32.max, which is more than any caller accepts.
    private static func decimal(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return digits.reduce(0) { min($0 * 10 + Int($1 - UInt8(ascii: "0")), Int(Int32.max) + 1) }
    }

    /// RFC 3986 §2.1: `%XX` is the byte XX; the result must be UTF-8. Empty gives nil, so that `redis://:pw@host`
    /// has no user name.
    private static func percentDecoded(_ text: ArraySlice<UInt8>) throws(RedisURLError) -> String? {
        if text.isEmpty { return nil }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index] == UInt8(ascii: "%") else {
                decoded.append(text[index])
                index += 1
                continue
            }
            guard index + 2 < text.endIndex, let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2])
            else { throw .invalidPercentEncoding }
            decoded.append(high << 4 | low)
            index += 3
        }
        guard let string = String(validating: decoded, as: UTF8.self) else { throw .invalidPercentEncoding }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
