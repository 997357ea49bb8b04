// The token guard on its own, as it sits in an app of another framework: built from the folders the README lists
// for it (no settings, no server, no RSA), and run by CopySets/check. Offline, it checks what needs no ZITADEL: a
// request without a token is refused with 401 and the RFC 6750 challenge.
import Core

let tokenGuard = TokenGuard(
    introspector: IntrospectionClient(
        issuer: "https://my-instance.zitadel.cloud",
        authentication: .clientSecretBasic(clientID: "my-api-application", secret: "its-secret")),
    configuration: .init(cacheTTL: .seconds(60), realm: "messages"))

let verdict = await tokenGuard.check(authorization: [], requirement: .role("read:messages"), client: "127.0.0.1")
guard let refusal = verdict.refusal, refusal.status == 401, refusal.wwwAuthenticate == #"Bearer realm="messages""# else {
    fatalError("expected a 401 with a bare challenge, got \(verdict)")
}
print("\(refusal.status) \(refusal.body)")
