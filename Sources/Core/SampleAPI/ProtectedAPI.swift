import Foundation

/// The sample API on our own HTTP server: the routes, a `TokenGuard` for the protected ones, and one log line per
/// request. A thin adapter: what a token may do, and the answer when it may not, is the guard's (`Refusal`).
///
/// Whatever needs no waiting is answered on the event loop (`.response`): unknown paths, wrong methods, the public
/// route, a missing or malformed token, and a token the guard's cache knows (`verdictWithoutWaiting`). Only a token
/// that has to be introspected goes to a task (`.deferred`), which docs/performance.md measures against deferring
/// every protected request.
public final class ProtectedAPI: HTTPHandler {
    public let routes: [APIRoute]
    public let tokenGuard: TokenGuard
    /// Whose `Forwarded` / `X-Forwarded-For` name the client (`TRUSTED_PROXIES`); otherwise the peer is the client.
    public let trustedProxies: TrustedProxies
    /// Counts requests and how their tokens were checked (`METRICS_ADDRESS`); nil: not counted.
    public let metrics: APIMetrics?
    private let log: RequestLog
    /// Each path's requirement and success response, built once.
    private let table: [String: (requirement: TokenRequirement?, success: HTTPResponse)]

    public init(
        routes: [APIRoute] = APIRoute.samples, tokenGuard: TokenGuard, trustedProxies: TrustedProxies = .none,
        metrics: APIMetrics? = nil, log: RequestLog = .standardError
    ) {
        self.routes = routes
        self.tokenGuard = tokenGuard
        self.trustedProxies = trustedProxies
        self.metrics = metrics
        self.log = log
        var table: [String: (requirement: TokenRequirement?, success: HTTPResponse)] = [:]
        for route in routes where table[route.path] == nil {
            var headers = HTTPHeaders()
            headers.set("Content-Type", "application/json")
            // RFC 9111 §5.2.2.5: an answer that depends on the caller's token must not be stored by caches.
            if route.access != .anyone { headers.set("Cache-Control", "no-store") }
            let body = JSONValue.object(["message": .string(route.message)]).serialized
            table[route.path] = (route.access.requirement, HTTPResponse(status: 200, headers: headers, body: body))
        }
        self.table = table
    }

    /// The sample APIs' set-up: `routes` guarded by a `TokenGuard` over `introspector`.
    public convenience init(
        routes: [APIRoute] = APIRoute.samples, introspector: any TokenIntrospecting,
        configuration: TokenGuard.Configuration = .init(), trustedProxies: TrustedProxies = .none,
        log: RequestLog = .standardError, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            routes: routes, tokenGuard: TokenGuard(introspector: introspector, configuration: configuration, now: now),
            trustedProxies: trustedProxies, log: log)
    }

    public func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
        let start = ContinuousClock.now
        guard let (requirement, success) = table[request.path] else {
            return .response(logged(request, start, Self.notFound(request.path)))
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .response(logged(request, start, Self.methodNotAllowed(request.method)))
        }
        guard let requirement else { return .response(logged(request, start, success)) }

        let authorization = request.headers.values(for: "Authorization")
        if let verdict = tokenGuard.verdictWithoutWaiting(authorization: authorization, requirement: requirement) {
            return .response(answer(request, start, verdict, success))
        }
        return .deferred { [self] in
            let verdict = await tokenGuard.check(
                authorization: authorization, requirement: requirement, client: client(of: request))
            return answer(request, start, verdict, success)
        }
    }

    /// The client's address, for its budget of introspections: the peer, or whom a trusted proxy names.
    private func client(of request: HTTPRequest) -> String? {
        guard let peer = request.remoteAddress else { return nil }
        return trustedProxies.client(
            peer: peer, forwarded: request.headers.values(for: "Forwarded"),
            xForwardedFor: request.headers.values(for: "X-Forwarded-For"))
    }

    private func answer(
        _ request: HTTPRequest, _ start: ContinuousClock.Instant, _ verdict: TokenVerdict, _ success: HTTPResponse
    ) -> HTTPResponse {
        let response: HTTPResponse
        switch verdict.decision {
        case .granted:
            response = success
        case .refused(let refusal):
            if let cause = refusal.cause {
                log("introspection failed for token \(verdict.tokenFingerprint ?? "-"): \(cause)")
            }
            response = HTTPResponse(
                status: refusal.status, headers: HTTPHeaders(refusal.headers.map { ($0.name, $0.value) }),
                body: Array(refusal.body.utf8))
        }
        return logged(request, start, response, verdict: verdict)
    }

    /// Logs the request's line and hands `response` back.
    private func logged(
        _ request: HTTPRequest, _ start: ContinuousClock.Instant, _ response: HTTPResponse, verdict: TokenVerdict? = nil
    ) -> HTTPResponse {
        log.request(
            method: request.method, path: request.path, status: response.status, duration: ContinuousClock.now - start,
            cache: verdict.map { Self.cacheWord($0.source) }, token: verdict?.tokenFingerprint)
        if let metrics {
            metrics.request(route: table[request.path] == nil ? nil : request.path, status: response.status)
            if let verdict { metrics.check(verdict) }
        }
        return response
    }

    /// The log line's `cache=` word for how the guard decided.
    static func cacheWord(_ source: TokenVerdict.Source) -> String {
        switch source {
        case .header: "-"
        case .cache: "hit"
        case .negativeCache: "negative"
        case .sharedCache: "shared-cache"
        case .introspection: "miss"
        case .sharedIntrospection: "shared"
        case .limited: "limited"
        }
    }

    static func notFound(_ path: String) -> HTTPResponse {
        .error(
            status: 404, error: "not_found",
            description: "No route for \(RequestLog.printable(path, limit: 256)); try /api/public, /api/private or "
                + "/api/private-scoped.")
    }

    static func methodNotAllowed(_ method: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Allow", "GET, HEAD")
        return .error(
            status: 405, error: "method_not_allowed",
            description: "\(RequestLog.printable(method, limit: 16)) is not allowed here; use GET or HEAD.",
            headers: headers)
    }
}
