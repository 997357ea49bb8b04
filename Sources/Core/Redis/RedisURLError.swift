/// Why `INTROSPECTION_CACHE_URL` is not a usable `redis://` URL. Each description is one sentence a person can act
/// on, naming the setting and never repeating any part of the value: a mistyped URL may have put a piece of the
/// password where the host or port should be.
public enum RedisURLError: Error, Equatable, Sendable, CustomStringConvertible {
    case notRedisScheme
    case tlsNotSupported
    case queryOrFragment
    case slashInCredentials
    case credentialsWithoutColon
    case invalidPercentEncoding
    case missingHost
    case invalidHost
    case invalidPort
    case portOutOfRange
    case invalidDatabase
    case textAfterDatabase

    static let settingName = "INTROSPECTION_CACHE_URL"

    public var description: String {
        let setting = Self.settingName
        return switch self {
        case .notRedisScheme:
            "\(setting) must start with redis://, as in redis://[[user]:password@]host[:port][/db]."
        case .tlsNotSupported:
            "\(setting) uses rediss:// (Redis over TLS), which this client does not support; use redis://, "
                + "through a TLS tunnel if Redis is remote."
        case .queryOrFragment:
            "\(setting) has a '?' or '#': options and fragments are not supported "
                + "(in a password, write '?' as %3F and '#' as %23)."
        case .slashInCredentials:
            "\(setting) has an '@' after a '/': write a '/' in the user name or password as %2F."
        case .credentialsWithoutColon:
            "\(setting) has credentials without a ':': write redis://:password@host for a password alone, "
                + "or redis://user:password@host."
        case .invalidPercentEncoding:
            "\(setting) has a user name or password with a '%' not followed by two hex digits, "
                + "or one that does not decode to UTF-8 (write '%' itself as %25)."
        case .missingHost:
            "\(setting) names no host: write redis://host[:port][/db]."
        case .invalidHost:
            "\(setting) has a host that is not a host name, an IPv4 address, or an IPv6 address in brackets."
        case .invalidPort:
            "\(setting) has a port that is not a number; leave it out for 6379."
        case .portOutOfRange:
            "\(setting) has a port outside 1 to 65535."
        case .invalidDatabase:
            "\(setting) has a database (after the '/') that is not a whole number from 0 up."
        case .textAfterDatabase:
            "\(setting) has more after the database number; the form is redis://[[user]:password@]host[:port][/db]."
        }
    }
}
