// APIJWT: an API whose protected routes ask ZITADEL about every bearer token (token introspection, RFC 7662),
// authenticating as the API application with a JWT signed by the application's key (private_key_jwt, RFC 7523).
// The Swift counterpart of the Python sample's server.py + validator.py; the machinery lives in Core.
import Core

// 1. Settings: environment first, then env/api-jwt.env (or --env-file). Anything wrong stops here, exit 2.
let settings = SampleSettings.loadOrExit(
    sample: "api-jwt",
    summary: "An API that checks bearer tokens with ZITADEL's introspection endpoint (private_key_jwt).",
    settings: [
        APISettings.zitadelDomain,
        .required("API_PRIVATE_KEY_FILE", .path, "The API application's key file (JSON, type application)"),
    ] + APISettings.options)
let issuer = settings.issuer("ZITADEL_DOMAIN").string

// 2. The client assertion: iss = sub = the application's clientId, aud = the issuer, kid = the keyId;
//    signed once and reused until shortly before it expires.
let assertions: ClientAssertionIssuer
do {
    let keyFile = try ZitadelKeyFile.load(path: settings.path("API_PRIVATE_KEY_FILE"))
    assertions = try ClientAssertionIssuer(keyFile: keyFile, issuer: issuer)
} catch {
    ExitCode.exit(printing: error, code: .badSettings)
}

// 3. The validator: POST {introspection endpoint} token=…&client_assertion_type=…&client_assertion=<JWT>.
let introspector = IntrospectionClient(
    issuer: issuer, endpoint: settings.url(ifSet: "ZITADEL_INTROSPECTION_URL"),
    authentication: .privateKeyJWT(assertions))

// 4. The routes: /api/public for anyone, /api/private for an active token,
//    /api/private-scoped for an active token with the role read:messages. The guard caches answers and bounds
//    what reaches ZITADEL: per client, in flight, and while ZITADEL asks for a pause. With INTROSPECTION_CACHE_URL,
//    replicas share answers through Redis; with METRICS_ADDRESS, Prometheus reads what happened at /metrics.
let metricsAddress = APISettings.metricsAddressOrExit(from: settings)
let metrics = metricsAddress.map { _ in APIMetrics() }  // counted only when something can read them
let tokenGuard = TokenGuard(
    introspector: introspector, configuration: APISettings.guardConfiguration(from: settings),
    sharedCache: APISettings.sharedCacheOrExit(from: settings),
    events: { event in
        metrics?.observe(event)
        RequestLog.standardError.sharedCacheChange(event)
    })
let api = ProtectedAPI(
    routes: APIRoute.samples, tokenGuard: tokenGuard, trustedProxies: APISettings.trustedProxiesOrExit(from: settings),
    metrics: metrics)

// 5. Serve until Ctrl-C or SIGTERM; requests in flight are finished first.
await api.serve(at: settings.url("API_BASE_URL"), metricsAt: metricsAddress)
