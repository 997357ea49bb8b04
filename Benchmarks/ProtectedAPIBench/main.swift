// Handler cost of the sample API without sockets: ProtectedAPI.handle for GET /api/public and for GET /api/private
// with a cached token (an opaque-sized and a JWT-sized token), in nanoseconds per request, best of 5 runs. A token
// sent again finds its cache key in the thread's memo (`RecentTokenKeys`); the row "in turn" sends more JWTs than
// the memo holds, so that every request hashes its token. Then the hashes of a token alone: the cache key
// (`TokenCacheKey`, SipHash-2-4-128, paid when the memo misses) and the log fingerprint's SHA-256 (`TokenDigest`,
// paid only on a cache miss); and the memo's constant-time comparison, which must take as long whether the first or
// the last byte differs.
// Usage: swift run -c release ProtectedAPIBench [ITERATIONS]
import Core
import Foundation

struct AlwaysActive: TokenIntrospecting {
    func introspect(token: String) async throws(IntrospectionError) -> IntrospectionResult {
        IntrospectionResult(active: true, expiresAt: Date().addingTimeInterval(3600), roles: ["read:messages"])
    }
}

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000
let api = ProtectedAPI(introspector: AlwaysActive(), cacheTTL: .seconds(3600), log: .silent)
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

/// More JWTs than `RecentTokenKeys` remembers per thread (4), all of the same length.
let jwts = (0..<5).map { jwt.dropLast(2) + "A\($0)" }.map(String.init)

// Warm the cache: the first request with each token introspects (deferred).
for token in [opaque, jwt] + jwts {
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
let privateJWTsInTurn = measure(request("/api/private", token: jwts[0]), request("/api/private", token: jwts[1]),
    request("/api/private", token: jwts[2]), request("/api/private", token: jwts[3]),
    request("/api/private", token: jwts[4]))
print("GET /api/public                          \(Int(publicCost)) ns")
print("GET /api/public  (+ JWT Authorization)   \(Int(publicWithHeader)) ns")
print("GET /api/private cached, \(opaque.utf8.count)-byte token   \(Int(privateOpaque)) ns")
print("GET /api/private cached, \(jwt.utf8.count)-byte token  \(Int(privateJWT)) ns")
print(
    "GET /api/private cached, \(jwts.count) \(jwt.utf8.count)-byte tokens in turn (memo misses)  "
        + "\(Int(privateJWTsInTurn)) ns")
let keyCost = (measureHash(opaque, TokenCacheKey.init(token:)), measureHash(jwt, TokenCacheKey.init(token:)))
let digestCost = (measureHash(opaque, TokenDigest.init(token:)), measureHash(jwt, TokenDigest.init(token:)))
print("  cache key (TokenCacheKey, SipHash-2-4-128), \(opaque.utf8.count) bytes: \(Int(keyCost.0)) ns; \(jwt.utf8.count) bytes: \(Int(keyCost.1)) ns")
print("  SHA-256 (TokenDigest, misses only), \(opaque.utf8.count) bytes: \(Int(digestCost.0)) ns; \(jwt.utf8.count) bytes: \(Int(digestCost.1)) ns")

/// Nanoseconds per `ConstantTime.equal` of `a` and `b`, best of 5. (`b` is passed through a mutable copy each time,
/// which the optimiser cannot see through, so the comparison is not hoisted out of the loop.)
func measureComparison(_ a: [UInt8], _ b: [UInt8]) -> Double {
    var best = Double.infinity
    var sink = 0
    var other = b
    for _ in 0..<5 {
        let start = ContinuousClock.now
        for index in 0..<iterations {
            other.withUnsafeMutableBytes { bytes in
                bytes[0] ^= UInt8(truncatingIfNeeded: index >> 62)  // always 0, which the optimiser cannot know
            }
            if a.withUnsafeBytes({ a in other.withUnsafeBytes { ConstantTime.equal(a, $0) } }) { sink &+= 1 }
        }
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        best = min(best, (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations))
    }
    if sink == 42 { print("") }
    return best
}
let jwtBytes = Array(jwt.utf8)
var firstDiffers = jwtBytes, lastDiffers = jwtBytes
firstDiffers[0] ^= 1
lastDiffers[jwtBytes.count - 1] ^= 1
let comparison = (
    measureComparison(jwtBytes, Array(jwtBytes)), measureComparison(jwtBytes, firstDiffers),
    measureComparison(jwtBytes, lastDiffers))
print(
    "  constant-time comparison (RecentTokenKeys), \(jwt.utf8.count) bytes: equal \(Int(comparison.0)) ns; "
        + "first byte differs \(Int(comparison.1)) ns; last byte differs \(Int(comparison.2)) ns")
