/// The sample APIs' metrics (`METRICS_ADDRESS`; README, "Metrics"): requests by route and status, how each token
/// was checked, the shared cache's look-ups, calls to ZITADEL by outcome with their latency, budget refusals,
/// ZITADEL's requests for a pause, and connections open.
///
/// Every label value comes from a closed set — a route of the table or `other`, a status code the API writes, a
/// word of the guard's — never from a request (docs/metrics.md, "Counters, gauges, histograms").
public final class APIMetrics: Sendable {
    public let registry: MetricsRegistry
    private let requests: MetricFamily<Counter>
    private let checks: MetricFamily<Counter>
    private let sharedCacheLookups: [TokenGuardEvent.SharedCacheResult: Counter]
    private let introspections: [TokenGuardEvent.IntrospectionOutcome: Counter]
    private let introspectionDuration: Histogram
    private let budgetRefusals: Counter
    private let zitadelPauses: Counter
    private let sharedCacheFailures: Counter

    public init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        requests = registry.counter(
            "api_requests_total", help: "Requests answered, by route (or other) and status.",
            labels: ["route", "status"])
        checks = registry.counter(
            "api_token_checks_total",
            help: "Tokens checked, by how: hit (own cache), negative (own cache, inactive), shared_cache (another "
                + "replica's answer), miss (introspected), shared (joined a call in flight), limited (refused before "
                + "asking), header (decided by the header alone).",
            labels: ["outcome"])
        let lookups = registry.counter(
            "api_shared_cache_lookups_total",
            help: "Look-ups in the shared cache (INTROSPECTION_CACHE_URL), by result.",
            labels: ["result"])
        sharedCacheLookups = Dictionary(
            uniqueKeysWithValues: TokenGuardEvent.SharedCacheResult.allCases.map { ($0, lookups.labels($0.rawValue)) })
        let calls = registry.counter(
            "api_introspections_total", help: "Calls to ZITADEL's introspection endpoint, by outcome.",
            labels: ["outcome"])
        introspections = Dictionary(
            uniqueKeysWithValues: TokenGuardEvent.IntrospectionOutcome.allCases.map { ($0, calls.labels($0.rawValue)) })
        introspectionDuration = registry.histogram(
            "api_introspection_duration_seconds", help: "Time of one call to ZITADEL's introspection endpoint.",
            buckets: Histogram.exponentialBuckets(start: 0.0005, factor: 2, count: 14))
        budgetRefusals = registry.counter(
            "api_budget_refusals_total",
            help: "Requests refused 429 because their client had used its introspection budget.")
        zitadelPauses = registry.counter(
            "api_zitadel_rate_limited_total",
            help: "Answers of ZITADEL's introspection endpoint asking for a pause (429, or 503 with Retry-After).")
        sharedCacheFailures = registry.counter(
            "api_shared_cache_outages_total", help: "Times the shared cache went away after answering.")
    }

    /// Counts one answered request; `route` is nil for a path outside the route table.
    public func request(route: String?, status: Int) {
        requests.labels(route ?? "other", String(status)).increment()
    }

    /// Counts how the guard decided one request.
    public func check(_ verdict: TokenVerdict) {
        checks.labels(Self.outcome(of: verdict.source)).increment()
        if verdict.refusal?.reason == .tooManyIntrospections { budgetRefusals.increment() }
    }

    /// Counts what the guard reports besides its verdicts (`TokenGuard(events:)`).
    public func observe(_ event: TokenGuardEvent) {
        switch event {
        case .introspection(let outcome, let duration):
            introspections[outcome]?.increment()
            introspectionDuration.observe(duration)
            if outcome == .rateLimited { zitadelPauses.increment() }
        case .sharedCacheLookup(let result):
            sharedCacheLookups[result]?.increment()
        case .sharedCacheUnavailable:
            sharedCacheFailures.increment()
        case .sharedCacheAvailable:
            break
        }
    }

    /// The `outcome` label of `api_token_checks_total`.
    static func outcome(of source: TokenVerdict.Source) -> String {
        switch source {
        case .header: "header"
        case .cache: "hit"
        case .negativeCache: "negative"
        case .sharedCache: "shared_cache"
        case .introspection: "miss"
        case .sharedIntrospection: "shared"
        case .limited: "limited"
        }
    }

    /// Shows `server`'s open connections as `api_open_connections`.
    func showConnections(of server: HTTPServer) {
        registry.gauge("api_open_connections", help: "Connections open on the API's port.") {
            Double(server.openConnections)
        }
    }
}
