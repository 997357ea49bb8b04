import Foundation

/// The sample API as an `HTTPHandler`: the routes, the contract's status table for the protected ones, the
/// introspection cache, and one log line per request.
///
/// Speed: everything that needs no waiting is answered on the event loop (`.response`): unknown paths, wrong
/// methods, the public route, a missing or malformed token, and a token the cache already knows. Only a cache miss
/// defers to an async introspection call, so a cached `/api/private` costs the token's cache key (`TokenCacheKey`,
/// a keyed SipHash, usually found in the thread's memo of recent tokens, `RecentTokenKeys`) and one lookup in the
/// event loop's own copy of the cache's hits (`ThreadHitTable`) more than `/api/public`.
/// `swift run -c release ProtectedAPIBench` shows the split, `Benchmarks/api-bench.sh` the result under load.
///
/// Invariant: a protected route answers 2xx only through `AccessDecision.granted`, i.e. only for a token that
/// introspection called `"active": true`.
public final class ProtectedAPI: HTTPHandler {
    public let routes: [APIRoute]
    public let realm: String
    public let cache: IntrospectionCache
    private let log: RequestLog
    private let now: @Sendable () -> Date
    /// Each route's access rule and success response, built once: the fast path only looks them up. (Only what
    /// `handle` needs: every reference-counted field of a looked-up value is retained and released per request.)
    private let table: [String: (access: APIRoute.Access, success: HTTPResponse)]

    /// - Parameters:
    ///   - introspector: usually an `IntrospectionClient`.
    ///   - cacheTTL: `INTROSPECTION_CACHE_TTL`; zero turns the cache off (concurrent requests still share a call).
    ///   - realm: the `realm` of `WWW-Authenticate` challenges (RFC 6750 §3).
    ///   - log: where request lines go; standard error by default.
    ///   - now: the wall clock, for `exp` checks; replaceable in tests.
    public init(
        routes: [APIRoute] = APIRoute.samples, introspector: any TokenIntrospecting, cacheTTL: Duration = .seconds(60),
        maximumCacheEntries: Int = 10_000, realm: String = "api", log: RequestLog = .standardError,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.routes = routes
        self.realm = realm
        self.log = log
        self.now = now
        let routeRoles = routes.compactMap { route -> String? in
            if case .role(let role) = route.access { role } else { nil }
        }
        self.cache = IntrospectionCache(
            introspector: introspector, ttl: cacheTTL, maximumEntryCount: maximumCacheEntries,
            routeRoles: routeRoles, now: now)
        var table: [String: (access: APIRoute.Access, success: HTTPResponse)] = [:]
        for route in routes where table[route.path] == nil {
            var headers = HTTPHeaders()
            headers.set("Content-Type", "application/json")
            if route.access != .anyone { headers.set("Cache-Control", "no-store") }
            let body = JSONValue.object(["message": .string(route.message)]).serialized
            table[route.path] = (route.access, HTTPResponse(status: 200, headers: headers, body: body))
        }
        self.table = table
    }

    public func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
        let start = ContinuousClock.now
        guard let (access, success) = table[request.path] else {
            return finish(request, start, Self.notFound(request.path), cache: nil, token: nil)
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return finish(request, start, Self.methodNotAllowed(request.method), cache: nil, token: nil)
        }
        let requiredRole: String?
        switch access {
        case .anyone: return finish(request, start, success, cache: nil, token: nil)
        case .activeToken: requiredRole = nil
        case .role(let role): requiredRole = role
        }

        // The syntax check waits until after the cache lookup: a hit means these exact bytes (same key) were
        // checked and introspected before, so only a miss pays for it.
        let extraction = BearerToken.extract(from: request.headers, checkingSyntax: false)
        guard case .token(let tokenSlice) = extraction else {
            let decision = AccessDecision.precheck(extraction) ?? .noToken
            return finish(request, start, response(decision, success), cache: nil, token: nil)
        }
        let key = RecentTokenKeys.key(for: tokenSlice)
        let wallClock = now()
        if let hit = cache.cachedDecision(for: key, requiredRole: requiredRole, now: wallClock) {
            let answer = response(hit.decision, success)
            log.request(
                method: request.method, path: request.path, status: answer.status,
                duration: ContinuousClock.now - start, cache: IntrospectionCache.Source.hit.rawValue,
                fingerprintBits: hit.fingerprintBits)
            return .response(answer)
        }
        guard BearerToken.isWellFormed(tokenSlice) else {
            return finish(request, start, response(.invalidToken(.malformed), success), cache: nil, token: nil)
        }
        let token = String(tokenSlice)
        return .deferred { [self] in
            let digest = TokenDigest(token: token)
            let fingerprint = digest.fingerprint
            let (outcome, source) = await cache.result(for: token, key: key, fingerprintBits: digest.fingerprintBits)
            if case .failure(let error) = outcome {
                log("introspection failed for token \(fingerprint): \(error)")
            }
            let decision = AccessDecision.decide(outcome, requiredRole: requiredRole, now: now())
            let answer = response(decision, success)
            logRequest(request, start, answer.status, cache: source.rawValue, token: fingerprint)
            return answer
        }
    }

    private func finish(
        _ request: HTTPRequest, _ start: ContinuousClock.Instant, _ response: HTTPResponse, cache: String?,
        token: String?
    ) -> HTTPHandlerResult {
        logRequest(request, start, response.status, cache: cache, token: token)
        return .response(response)
    }

    private func logRequest(
        _ request: HTTPRequest, _ start: ContinuousClock.Instant, _ status: Int, cache: String?, token: String?
    ) {
        log.request(
            method: request.method, path: request.path, status: status, duration: ContinuousClock.now - start,
            cache: cache, token: token)
    }

    /// `success` is consumed: the granted case hands it on without another retain.
    private func response(_ decision: AccessDecision, _ success: consuming HTTPResponse) -> HTTPResponse {
        guard let (code, description) = decision.error else { return success }
        var headers = HTTPHeaders()
        headers.set("Cache-Control", "no-store")
        if let challenge = decision.wwwAuthenticate(realm: realm) { headers.set("WWW-Authenticate", challenge) }
        return .error(status: decision.status, error: code, description: description, headers: headers)
    }

    static func notFound(_ path: String) -> HTTPResponse {
        .error(
            status: 404, error: "not_found",
            description: "No route for \(RequestLog.printable(path, limit: 256)); try /api/public, /api/private or /api/private-scoped.")
    }

    static func methodNotAllowed(_ method: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Allow", "GET, HEAD")
        return .error(
            status: 405, error: "method_not_allowed",
            description: "\(RequestLog.printable(method, limit: 16)) is not allowed here; use GET or HEAD.", headers: headers)
    }
}
