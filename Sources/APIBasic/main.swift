// APIBasic: an API whose protected routes ask ZITADEL about every bearer token (token introspection, RFC 7662),
// authenticating as the API application with its client ID and secret (client_secret_basic).
// The Swift counterpart of the Python sample's server.py + validator.py; the machinery lives in Core.
import Core

// 1. Settings: environment first, then env/api-basic.env (or --env-file). Anything wrong stops here, exit 2.
let settings = SampleSettings.loadOrExit(
    sample: "api-basic",
    summary: "An API that checks bearer tokens with ZITADEL's introspection endpoint (client_secret_basic).",
    settings: [
        APISettings.zitadelDomain,
        .required("API_CLIENT_ID", "The API application's client ID"),
        .required("API_CLIENT_SECRET", "The API application's client secret", secret: true),
    ] + APISettings.options)

// 2. The validator: POST {introspection endpoint} token=… with Basic client_id:client_secret.
let introspector = IntrospectionClient(
    issuer: settings.issuer("ZITADEL_DOMAIN").string,
    endpoint: settings.url(ifSet: "ZITADEL_INTROSPECTION_URL"),
    authentication: .clientSecretBasic(
        clientID: settings.string("API_CLIENT_ID"), secret: settings.string("API_CLIENT_SECRET")))

// 3. The routes: /api/public for anyone, /api/private for an active token,
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

// 4. Serve until Ctrl-C or SIGTERM; requests in flight are finished first.
await api.serve(at: settings.url("API_BASE_URL"), metricsAt: metricsAddress)
