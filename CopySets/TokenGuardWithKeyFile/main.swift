// The token guard authenticating to ZITADEL with an API application's key file (private_key_jwt), as it sits in an
// app of another framework: built from the folders the README lists for it (the guard's, plus RSA, JWT and key
// files) and run by CopySets/check. Offline, it signs a client assertion with a key made on the spot and checks that
// a request without a token is refused with 401.
import Core

let key = try RSAPrivateKey.generate()
let assertions = ClientAssertionIssuer(
    clientID: "300000000000000005@messages-api", keyID: "1", privateKey: key,
    issuer: "https://my-instance.zitadel.cloud")
let tokenGuard = TokenGuard(introspector: IntrospectionClient(
    issuer: "https://my-instance.zitadel.cloud", authentication: .privateKeyJWT(assertions)))

let parts = try assertions.assertion().split(separator: ".")
guard parts.count == 3 else { fatalError("a client assertion is a compact JWS of three parts") }
let verdict = await tokenGuard.check(authorization: [], requirement: .activeToken, client: nil)
guard verdict.refusal?.status == 401 else { fatalError("expected a 401, got \(verdict)") }
print("assertion of \(parts.count) parts; \(verdict.refusal?.status ?? 0) without a token")
