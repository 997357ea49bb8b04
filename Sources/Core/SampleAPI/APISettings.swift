/// The settings APIBasic and APIJWT share beyond their own credentials (docs/samples.md, "Settings"), declared once so
/// that both `--help`s say the same thing, and read into the token guard's configuration.
public enum APISettings {
    public static let zitadelDomain = Setting.required(
        "ZITADEL_DOMAIN", .issuer, "Your instance's URL, the issuer, e.g. https://my-instance.zitadel.cloud")
    public static let introspectionURL = Setting.optional(
        "ZITADEL_INTROSPECTION_URL", .url, "The introspection endpoint; from discovery when unset")
    public static let apiBaseURL = Setting.optional(
        "API_BASE_URL", .url, default: "http://localhost:5000", "Where the API listens; port 0 takes a free one")
    public static let cacheTTL = Setting.optional(
        "INTROSPECTION_CACHE_TTL", .integer(minimum: 0), default: "60",
        "Seconds an active introspection answer is reused (never past the token's exp); 0 turns the cache off")
    public static let negativeTTL = Setting.optional(
        "INTROSPECTION_NEGATIVE_TTL", .integer(minimum: 0), default: "5",
        "Seconds an inactive answer is reused, so a retried dead token costs one call per period; 0 turns it off")
    public static let ratePerClient = Setting.optional(
        "INTROSPECTION_RATE_PER_CLIENT", .integer(minimum: 0), default: "10",
        "Introspections one client address may cause per second (bursts of twice that); over it: 429. 0: no limit")
    public static let concurrency = Setting.optional(
        "INTROSPECTION_CONCURRENCY", .integer(minimum: 1), default: "16",
        "Introspections in flight at most; a request that finds none free within half a second gets 503")
    public static let trustedProxies = Setting.optional(
        "TRUSTED_PROXIES",
        "Addresses or CIDR ranges of proxies whose Forwarded / X-Forwarded-For name the client, e.g. 10.0.0.0/8")

    public static let sharedCacheURL = Setting.optional(
        "INTROSPECTION_CACHE_URL",
        "redis://[user:password@]host:port[/db]: answers shared with the other replicas, in Redis or Valkey",
        secret: true)
    public static let metricsAddress = Setting.optional(
        "METRICS_ADDRESS", "HOST:PORT for Prometheus metrics at /metrics, on a port of their own, e.g. 127.0.0.1:9464")

    /// Every optional setting of the two APIs, in `--help` order.
    public static let options = [
        introspectionURL, apiBaseURL, cacheTTL, negativeTTL, ratePerClient, concurrency, trustedProxies,
        sharedCacheURL, metricsAddress,
    ]

    /// The guard's configuration from the settings.
    public static func guardConfiguration(from settings: SampleSettings) -> TokenGuard.Configuration {
        let rate = settings.integer(ratePerClient.name)
        return TokenGuard.Configuration(
            cacheTTL: .seconds(settings.integer(cacheTTL.name)),
            negativeCacheTTL: .seconds(settings.integer(negativeTTL.name)),
            introspectionsPerClient: Double(rate), introspectionBurstPerClient: 2 * rate,
            maximumConcurrentIntrospections: settings.integer(concurrency.name))
    }

    /// `TRUSTED_PROXIES` read; a list that is not addresses and ranges stops the API like any bad setting (exit 2).
    public static func trustedProxiesOrExit(from settings: SampleSettings) -> TrustedProxies {
        guard let text = settings.string(ifSet: trustedProxies.name) else { return .none }
        guard let proxies = TrustedProxies(text) else {
            ExitCode.exit(
                printing: SettingsListError(
                    message: "TRUSTED_PROXIES: \(text) is not a list of IP addresses and CIDR ranges "
                        + "(e.g. 10.0.0.0/8, 192.168.1.7, fd00::/8)"),
                code: .badSettings)
        }
        return proxies
    }

    /// The shared cache `INTROSPECTION_CACHE_URL` names, or nil when it is unset; a URL that is not a Redis URL stops
    /// the API like any bad setting (exit 2), without showing the password.
    public static func sharedCacheOrExit(from settings: SampleSettings) -> RedisAnswerCache? {
        guard let text = settings.string(ifSet: sharedCacheURL.name) else { return nil }
        do throws(RedisURLError) {
            let url = try RedisURL(parsing: text)
            return RedisAnswerCache(client: RedisClient(configuration: .init(url: url)))
        } catch {
            ExitCode.exit(printing: SettingsListError(message: error.description), code: .badSettings)
        }
    }

    /// `METRICS_ADDRESS` read, or nil when it is unset; anything but `HOST:PORT` stops the API (exit 2).
    public static func metricsAddressOrExit(from settings: SampleSettings) -> MetricsServer.Address? {
        guard let text = settings.string(ifSet: metricsAddress.name) else { return nil }
        guard let address = MetricsServer.Address(parsing: text) else {
            ExitCode.exit(
                printing: SettingsListError(
                    message: "METRICS_ADDRESS: \(text) is not HOST:PORT (e.g. 127.0.0.1:9464, [::1]:9464; port 0 takes "
                        + "a free one)"),
                code: .badSettings)
        }
        return address
    }

    private struct SettingsListError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
