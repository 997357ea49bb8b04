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
        APISettings.zitadelDomain,
        .required("API_CLIENT_ID", "The API application's client ID"),
        .required("API_CLIENT_SECRET", "The API application's client secret", secret: true),
    ] + APISettings.options + RelaySettings.declared)

// 2. The guard: POST {introspection endpoint} token=… with Basic client_id:client_secret; answers cached, and what
//    reaches ZITADEL bounded as in APIBasic (APISettings: per client, in flight, ZITADEL's pause).
let tokenGuard = TokenGuard(
    introspector: IntrospectionClient(
        issuer: settings.issuer("ZITADEL_DOMAIN").string,
        endpoint: settings.url(ifSet: "ZITADEL_INTROSPECTION_URL"),
        authentication: .clientSecretBasic(
            clientID: settings.string("API_CLIENT_ID"), secret: settings.string("API_CLIENT_SECRET"))),
    configuration: APISettings.guardConfiguration(from: settings))
let trustedProxies = APISettings.trustedProxiesOrExit(from: settings)

// 3. Vapor. Its own command line (`serve --hostname … --port …`) is not used: ours (`--env-file`) was read above, and
//    the address comes from API_BASE_URL. Vapor sees the program name alone; VAPOR_ENV and LOG_LEVEL still work.
var environment = try Environment.detect(arguments: [CommandLine.arguments.first ?? "VaporAPI"])
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
configure(app, tokenGuard: tokenGuard, trustedProxies: trustedProxies, relay: RelaySettings.relay(from: settings))

// 4. Serve until SIGINT or SIGTERM, saying `listening on http://HOST:PORT` with the port really bound (see serve).
await serve(app, at: settings.url("API_BASE_URL"))
