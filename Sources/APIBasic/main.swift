// APIBasic: an API whose protected routes ask ZITADEL about every bearer token (token introspection, RFC 7662),
// authenticating as the API application with its client ID and secret (client_secret_basic).
// The Swift counterpart of the Python sample's server.py + validator.py; the machinery lives in Core.
import Core

// 1. Settings: environment first, then env/api-basic.env (or --env-file). Anything wrong stops here, exit 2.
let settings = SampleSettings.loadOrExit(
    sample: "api-basic",
    summary: "An API that checks bearer tokens with ZITADEL's introspection endpoint (client_secret_basic).",
    settings: [
        .required("ZITADEL_DOMAIN", .issuer, "Your instance's URL, the issuer, e.g. https://my-instance.zitadel.cloud"),
        .required("API_CLIENT_ID", "The API application's client ID"),
        .required("API_CLIENT_SECRET", "The API application's client secret", secret: true),
        .optional("ZITADEL_INTROSPECTION_URL", .url, "The introspection endpoint; from discovery when unset"),
        .optional("API_BASE_URL", .url, default: "http://localhost:5000", "Where the API listens; port 0 takes a free one"),
        .optional(
            "INTROSPECTION_CACHE_TTL", .integer(minimum: 0), default: "60",
            "Seconds an active introspection answer is reused (never past the token's exp); 0 turns the cache off"),
    ])

// 2. The validator: POST {introspection endpoint} token=… with Basic client_id:client_secret.
let introspector = IntrospectionClient(
    issuer: settings.issuer("ZITADEL_DOMAIN").string,
    endpoint: settings.url(ifSet: "ZITADEL_INTROSPECTION_URL"),
    authentication: .clientSecretBasic(
        clientID: settings.string("API_CLIENT_ID"), secret: settings.string("API_CLIENT_SECRET")))

// 3. The routes: /api/public for anyone, /api/private for an active token,
//    /api/private-scoped for an active token with the role read:messages. The guard caches active answers.
let tokenGuard = TokenGuard(
    introspector: introspector,
    configuration: .init(cacheTTL: .seconds(settings.integer("INTROSPECTION_CACHE_TTL"))))
let api = ProtectedAPI(routes: APIRoute.samples, tokenGuard: tokenGuard)

// 4. Serve until Ctrl-C or SIGTERM; requests in flight are finished first.
await api.serve(at: settings.url("API_BASE_URL"))
