// The token guard with the shared cache in Redis, as a replica of an app of another framework uses it: built from
// the folders the README lists for it (no settings, no server, no RSA), and run by CopySets/check. Offline, it checks
// what needs neither ZITADEL nor Redis: a malformed cache URL is refused without showing its password, and a request
// without a token is refused with 401 before the shared cache is asked.
import Core

do {
    _ = try RedisURL(parsing: "rediss://:hunter2@cache.internal:6380")
    fatalError("rediss:// must be refused: the client has no TLS")
} catch {
    guard !error.description.contains("hunter2") else { fatalError("the error shows the password: \(error)") }
}

let sharedCache = RedisAnswerCache(
    client: RedisClient(configuration: .init(url: try RedisURL(parsing: "redis://:secret@127.0.0.1:6379/0"))))
let tokenGuard = TokenGuard(
    introspector: IntrospectionClient(
        issuer: "https://my-instance.zitadel.cloud",
        authentication: .clientSecretBasic(clientID: "my-api-application", secret: "its-secret")),
    sharedCache: sharedCache)

let verdict = await tokenGuard.check(authorization: [], requirement: .activeToken, client: "127.0.0.1")
guard verdict.refusal?.status == 401 else { fatalError("expected a 401, got \(verdict)") }
print("401 without asking Redis or ZITADEL; \(sharedCache.client.address) would be asked for new tokens")
