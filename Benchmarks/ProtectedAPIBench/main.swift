// Handler cost of the sample API without sockets: ProtectedAPI.handle for GET /api/public and for GET /api/private
// with a cached token (an opaque-sized and a JWT-sized token), in nanoseconds per request, best of 5 runs. Then the
// hashes of a token alone: the cache key's keyed SipHash-2-4-128 (`TokenCacheKey`, paid by every protected request)
// and SHA-256 (the log fingerprint, `TokenFingerprint`, paid only when a token is introspected).
// Usage: swift run -c release ProtectedAPIBench [ITERATIONS]
import Core
import Foundation

struct AlwaysActive: TokenIntrospecting {
    func introspect(token: String) async throws(IntrospectionError) -> IntrospectionResult {
        .active(Principal(subject: "1", roles: ["read:messages"], expiresAt: Date().addingTimeInterval(3600)))
    }
}

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000
let api = ProtectedAPI(
    introspector: AlwaysActive(), configuration: .init(cacheTTL: .seconds(3600)), log: .silent)
let opaque = "V2_296398617516703746-at_296398617516769282" + String(repeating: "x", count: 40)
let jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9." + String(repeating: "eyJzdWIiOiIxMjMifQ", count: 40) + ".c2ln"

func request(_ path: String, token: String?) -> HTTPRequest {
    var headers: HTTPHeaders = ["Host": "127.0.0.1:5000", "User-Agent": "bench", "Accept": "*/*"]
    if let token { headers.add("Authorization", "Bearer \(token)") }
    return HTTPRequest(method: "GET", target: path, headers: headers)
}

/// Nanoseconds per call of `handle`, best of 5, the requests taken in turn; every answer must be an immediate 200.
func measure(_ requests: HTTPRequest...) -> Double {
    var best = Double.infinity
    for _ in 0..<5 {
        let start = ContinuousClock.now
        for iteration in 0..<iterations {
            let request = requests[iteration % requests.count]
            guard case .response(let response) = api.handle(request), response.status == 200 else {
                fatalError("expected an immediate 200 for \(request.path)")
            }
        }
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        best = min(best, (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations))
    }
    return best
}

// Warm the cache: the first request with each token introspects (deferred).
for token in [opaque, jwt] {
    if case .deferred(let work) = api.handle(request("/api/private", token: token)) { _ = await work() }
}
/// Nanoseconds per call of `hash` on `token`, best of 5.
func measureHash<Key: Hashable>(_ token: String, _ hash: (String) -> Key) -> Double {
    var best = Double.infinity
    var sink = 0
    for _ in 0..<5 {
        let start = ContinuousClock.now
        for _ in 0..<iterations { sink &+= hash(token).hashValue }
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        best = min(best, (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations))
    }
    if sink == 42 { print("") }  // keeps the loop from being optimised away
    return best
}

let publicCost = measure(request("/api/public", token: nil))
let publicWithHeader = measure(request("/api/public", token: jwt))
let privateOpaque = measure(request("/api/private", token: opaque))
let privateJWT = measure(request("/api/private", token: jwt))
print("GET /api/public                          \(Int(publicCost)) ns")
print("GET /api/public  (+ JWT Authorization)   \(Int(publicWithHeader)) ns")
print("GET /api/private cached, \(opaque.utf8.count)-byte token   \(Int(privateOpaque)) ns")
print("GET /api/private cached, \(jwt.utf8.count)-byte token  \(Int(privateJWT)) ns")
let sipHash = SipHash24.randomKey()
let keyCost = (measureHash(opaque) { sipHash.hash128($0.utf8).low }, measureHash(jwt) { sipHash.hash128($0.utf8).low })
let digestCost = (measureHash(opaque, TokenFingerprint.digits(of:)), measureHash(jwt, TokenFingerprint.digits(of:)))
print("  cache key (SipHash-2-4-128), \(opaque.utf8.count) bytes: \(Int(keyCost.0)) ns; \(jwt.utf8.count) bytes: \(Int(keyCost.1)) ns")
print("  fingerprint (SHA-256, misses only), \(opaque.utf8.count) bytes: \(Int(digestCost.0)) ns; \(jwt.utf8.count) bytes: \(Int(digestCost.1)) ns")
