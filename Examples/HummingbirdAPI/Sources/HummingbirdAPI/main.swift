// HummingbirdAPI: the sample API (the same three routes and messages as APIBasic) on Hummingbird 2, each bearer token
// checked by ZITADEL's introspection endpoint through Core's TokenGuard in a RouterMiddleware; and, when
// UPSTREAM_API_URL is set, GET /api/relay, which calls another protected API as a service user.
import Core
import Hummingbird
import Logging
import MessagesAPI

// 1. Settings: environment first, then env/hummingbird-api.env (or --env-file; APIBasic's file works as it is).
//    Anything wrong stops here, exit 2.
let settings = SampleSettings.loadOrExit(
    sample: "hummingbird-api",
    summary: "The sample API on Hummingbird 2: bearer tokens checked with ZITADEL's introspection endpoint "
        + "(client_secret_basic); GET /api/relay calls UPSTREAM_API_URL as a service user, served only when "
        + "UPSTREAM_API_URL is set.",
    settings: [
        APISettings.zitadelDomain,
        .required("API_CLIENT_ID", "The API application's client ID"),
        .required("API_CLIENT_SECRET", "The API application's client secret", secret: true),
    ] + APISettings.options + [
        .optional(
            "LOG_LEVEL", default: "info",
            "swift-log level: trace, debug, info, notice, warning, error or critical; info logs each request"),
        .optional(
            "UPSTREAM_API_URL", .url,
            "The API that GET /api/relay calls (its /api/private-scoped); when unset, /api/relay is not served"),
        .optional("PROJECT_ID", "For /api/relay: the upstream API's project ID, put into the token's audience"),
        .optional("CLIENT_ID", "For /api/relay: the service user's user name (not its numeric ID)"),
        .optional("CLIENT_SECRET", "For /api/relay: the service user's client secret", secret: true),
    ])

guard let logLevel = Logger.Level(rawValue: settings.string("LOG_LEVEL")) else {
    StandardError.write("\(StandardError.programName): LOG_LEVEL must be one of "
        + Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
    ExitCode.badSettings.exit()
}

// 2. The token guard: POST {introspection endpoint} token=… with Basic client_id:client_secret; answers cached, and
//    what reaches ZITADEL bounded as in APIBasic (APISettings: per client, in flight, ZITADEL's pause).
let introspector = IntrospectionClient(
    issuer: settings.issuer("ZITADEL_DOMAIN").string,
    endpoint: settings.url(ifSet: "ZITADEL_INTROSPECTION_URL"),
    authentication: .clientSecretBasic(
        clientID: settings.string("API_CLIENT_ID"), secret: settings.string("API_CLIENT_SECRET")))
let tokenGuard = TokenGuard(introspector: introspector, configuration: APISettings.guardConfiguration(from: settings))
let trustedProxies = APISettings.trustedProxiesOrExit(from: settings)

// 3. The relay, only with UPSTREAM_API_URL: one TokenProvider for the app's whole life, so the service user's token
//    is fetched once and reused (and renewed before it expires), not fetched per request.
func makeRelay(_ settings: SampleSettings) -> UpstreamRelay? {
    guard let upstream = settings.url(ifSet: "UPSTREAM_API_URL") else { return nil }
    let needed = ["PROJECT_ID", "CLIENT_ID", "CLIENT_SECRET"]
    let missing = needed.filter { settings.string(ifSet: $0) == nil }
    if !missing.isEmpty {
        StandardError.write("\(StandardError.programName): UPSTREAM_API_URL is set, so /api/relay also needs "
            + needed.joined(separator: ", ") + "; missing: " + missing.joined(separator: ", "))
        ExitCode.badSettings.exit()
    }
    let tokens = TokenProvider.clientCredentials(
        issuer: settings.issuer("ZITADEL_DOMAIN").string, clientID: settings.string("CLIENT_ID"),
        clientSecret: settings.string("CLIENT_SECRET"),
        scope: TokenScope.zitadelDefault(projectID: settings.string("PROJECT_ID")))
    return UpstreamRelay(upstreamBaseURL: upstream, tokens: tokens)
}
let relay = makeRelay(settings)

// 4. Serve until Ctrl-C or SIGTERM (Hummingbird's runService: requests in flight finish first). Logs go to stderr;
//    once listening, one line "listening on http://HOST:PORT" with the real port, which scripts wait for.
var logger = Logger(label: "HummingbirdAPI") { StreamLogHandler.standardError(label: $0) }
logger.logLevel = logLevel
let baseURL = settings.url("API_BASE_URL")
let host = baseURL.host ?? "localhost"
let shownHost = host.contains(":") ? "[\(host)]" : host
let app = buildApplication(
    tokenGuard: tokenGuard, trustedProxies: trustedProxies, relay: relay, host: host,
    port: baseURL.port ?? (baseURL.scheme?.lowercased() == "https" ? 443 : 80), logger: logger
) { [shownHost] port in
    StandardError.write("listening on http://\(shownHost):\(port)")
}
do {
    try await app.runService()
} catch {
    ExitCode.exit(printing: error, code: .remoteFailure)
}
