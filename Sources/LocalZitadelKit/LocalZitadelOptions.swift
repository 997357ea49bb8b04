import Core

/// The stand-in's command line. Every flag has its default here, in plain sight.
public struct LocalZitadelOptions: Sendable, Equatable {
    public static func == (lhs: LocalZitadelOptions, rhs: LocalZitadelOptions) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port && lhs.accessTokenType == rhs.accessTokenType
            && lhs.grantsRole == rhs.grantsRole && lhs.clockOffsetSeconds == rhs.clockOffsetSeconds
            && lhs.envDirectory == rhs.envDirectory && lhs.rateLimit?.requests == rhs.rateLimit?.requests
            && lhs.rateLimit?.seconds == rhs.rateLimit?.seconds && lhs.latencyMilliseconds == rhs.latencyMilliseconds
            && lhs.metricsAddress == rhs.metricsAddress
    }

    public enum AccessTokenType: String, Sendable, Equatable {
        /// Random strings only the instance can resolve (ZITADEL's default for service users).
        case opaque
        /// RS256 JWTs signed with the instance key, published at `/oauth/v2/keys`.
        case jwt
    }

    /// Loopback only: the stand-in holds fresh secrets and must not be reachable from elsewhere.
    public var host: String = "127.0.0.1"
    /// `0` takes a free port; the real one is printed and written into the settings files.
    public var port: Int = 8080
    public var accessTokenType: AccessTokenType = .opaque
    /// Whether the service user holds the project role `read:messages` (`--no-role` leaves the grant out).
    public var grantsRole: Bool = true
    /// Shifts the stand-in's clock, so assertions can be made to look expired or issued in the future.
    public var clockOffsetSeconds: Int = 0
    /// Where the ready-to-use settings of the five samples are written.
    public var envDirectory: String = "env/local"
    /// How many requests one client address may make to the OAuth endpoints, and over how many seconds, before
    /// getting 429 with `Retry-After`, as ZITADEL Cloud limits them (docs/zitadel.md, "Rate limits"); nil: no limit.
    public var rateLimit: (requests: Int, seconds: Int)?
    /// Milliseconds every answer is held back, to play a slow or distant instance.
    public var latencyMilliseconds: Int = 0
    /// Where to serve Prometheus metrics at `/metrics` (requests by endpoint, connections open); nil: nowhere.
    public var metricsAddress: MetricsServer.Address?

    public init() {}

    public enum Command: Sendable, Equatable {
        case run(LocalZitadelOptions)
        case help
    }

    /// Reads `arguments` (without the program name). `--flag value` and `--flag=value` are both accepted.
    public static func parse(_ arguments: [String]) throws(OptionsError) -> Command {
        var options = LocalZitadelOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() throws(OptionsError) -> String {
                if let inlineValue { return inlineValue }
                guard let next = remaining.popFirst() else { throw .missingValue(name) }
                return next
            }
            switch name {
            case "--help", "-h":
                return .help
            case "--port":
                let text = try value()
                guard let port = Int(text), (0...65535).contains(port) else { throw .invalidValue(name, text) }
                options.port = port
            case "--access-token-type":
                let text = try value()
                guard let type = AccessTokenType(rawValue: text) else { throw .invalidValue(name, text) }
                options.accessTokenType = type
            case "--no-role":
                guard inlineValue == nil else { throw .invalidValue(name, inlineValue ?? "") }
                options.grantsRole = false
            case "--clock-offset":
                let text = try value()
                guard let seconds = Int(text), abs(seconds) <= 10 * 365 * 86400 else {
                    throw .invalidValue(name, text)
                }
                options.clockOffsetSeconds = seconds
            case "--env-dir":
                let text = try value()
                guard !text.isEmpty else { throw .invalidValue(name, text) }
                options.envDirectory = text
            case "--rate-limit":
                let text = try value()
                let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                guard let requests = Int(parts[0]), (1...1_000_000).contains(requests),
                    let seconds = parts.count == 2 ? Int(parts[1]) : 1, (1...3600).contains(seconds)
                else { throw .invalidValue(name, text) }
                options.rateLimit = (requests, seconds)
            case "--latency":
                let text = try value()
                guard let milliseconds = Int(text), (0...60_000).contains(milliseconds) else {
                    throw .invalidValue(name, text)
                }
                options.latencyMilliseconds = milliseconds
            case "--metrics-address":
                let text = try value()
                guard let address = MetricsServer.Address(parsing: text) else { throw .invalidValue(name, text) }
                options.metricsAddress = address
            default:
                throw .unknownArgument(argument)
            }
        }
        return .run(options)
    }

    public static let help = """
        LocalZitadel: a local stand-in for the few ZITADEL endpoints the samples use, so the tutorial runs offline.

        It creates, fresh on every start, one organization, one project with the role read:messages, two API
        applications (client secret; key), and one service user (key, client secret, personal access token) holding
        that role, then writes ready-to-use settings for all five samples into the env directory.

        Usage: LocalZitadel [options]

          --port PORT                 port to listen on, on 127.0.0.1 (default 8080; 0 takes a free port)
          --access-token-type TYPE    opaque (default) or jwt: the kind of access token issued to the service user
          --no-role                   do not grant the service user the role read:messages
          --clock-offset SECONDS      shift the stand-in's clock (e.g. -7200 makes fresh assertions look future)
          --env-dir PATH              where to write the samples' settings (default env/local)
          --rate-limit N[/S]          at most N requests per S seconds (default 1) per client address to
                                      /oauth/v2/*, then 429 with Retry-After, as ZITADEL Cloud answers (default:
                                      no limit); 1/3 answers the second request within 3 s with Retry-After: 3
          --latency MS                hold every answer back MS milliseconds, like a slow or distant instance
          --metrics-address HOST:PORT serve Prometheus metrics at /metrics there (requests by endpoint and
                                      status, connections open), e.g. 127.0.0.1:9465; port 0 takes a free one
          --help                      show this text

        Endpoints: /.well-known/openid-configuration, /oauth/v2/keys, /oauth/v2/token, /oauth/v2/introspect,
        /oauth/v2/revoke, /management/v1/orgs/me. SIGINT or SIGTERM stops it.
        """
}

public enum OptionsError: Error, Equatable, CustomStringConvertible {
    case unknownArgument(String)
    case missingValue(String)
    case invalidValue(String, String)

    public var description: String {
        switch self {
        case .unknownArgument(let argument): "unknown argument \(argument) (see --help)"
        case .missingValue(let flag): "\(flag) needs a value (see --help)"
        case .invalidValue(let flag, let value): "\(flag): '\(value)' is not a valid value (see --help)"
        }
    }
}
