// VaporAPI: the sample API on Vapor. Its protected routes ask ZITADEL about every bearer token (token introspection,
// RFC 7662) through Core's TokenGuard, in a Vapor middleware; /api/relay calls another protected API as a service
// user. Settings are read as in every sample of this project (env file + environment, --help, exit 2 when wrong).
import Core
import MessagesAPI
import Vapor

// 1. Settings: environment first, then env/vapor-api.env (or --env-file). Anything wrong stops here, exit 2.
let settings = SampleSettings.loadOrExit(
    sample: "vapor-api",
    summary: "The sample API on Vapor: bearer tokens checked with ZITADEL's introspection endpoint "
        + "(client_secret_basic), and /api/relay calling another protected API as a service user.",
    settings: [
        .required("ZITADEL_DOMAIN", .issuer, "Your instance's URL, the issuer, e.g. https://my-instance.zitadel.cloud"),
        .required("API_CLIENT_ID", "The API application's client ID"),
        .required("API_CLIENT_SECRET", "The API application's client secret", secret: true),
        .optional("ZITADEL_INTROSPECTION_URL", .url, "The introspection endpoint; from discovery when unset"),
        .optional("API_BASE_URL", .url, default: "http://localhost:5000", "Where the API listens; port 0 takes a free one"),
        .optional(
            "INTROSPECTION_CACHE_TTL", .integer(minimum: 0), default: "60",
            "Seconds an active introspection answer is reused (never past the token's exp); 0 turns the cache off"),
    ] + RelaySettings.declared)

// 2. The guard: POST {introspection endpoint} token=… with Basic client_id:client_secret, active answers cached.
let tokenGuard = TokenGuard(
    introspector: IntrospectionClient(
        issuer: settings.issuer("ZITADEL_DOMAIN").string,
        endpoint: settings.url(ifSet: "ZITADEL_INTROSPECTION_URL"),
        authentication: .clientSecretBasic(
            clientID: settings.string("API_CLIENT_ID"), secret: settings.string("API_CLIENT_SECRET"))),
    configuration: .init(cacheTTL: .seconds(settings.integer("INTROSPECTION_CACHE_TTL"))))

// 3. Vapor. Its own command line (`serve --hostname … --port …`) is not used: ours (`--env-file`) was read above, and
//    the address comes from API_BASE_URL. Vapor sees the program name alone; VAPOR_ENV and LOG_LEVEL still work.
var environment = try Environment.detect(arguments: [CommandLine.arguments.first ?? "VaporAPI"])
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
configure(app, tokenGuard: tokenGuard, relay: RelaySettings.relay(from: settings))

// 4. Serve until SIGINT or SIGTERM, saying `listening on http://HOST:PORT` with the port really bound (see serve).
await serve(app, at: settings.url("API_BASE_URL"))
