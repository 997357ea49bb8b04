// ClientJWT — the Swift counterpart of the Python sample "service-user-jwt".
//
// A service user signs a short-lived JWT with its key file and trades it for an access token (JWT bearer grant,
// RFC 7523), then prints the token. With --call it calls the API's three routes with it.
//
//   TOKEN=$(swift run ClientJWT)        swift run ClientJWT --call        swift run ClientJWT --help
import Core

let settings = SampleSettings.loadOrExit(
    sample: "client-jwt",
    summary: "get an access token for a service user with its key file (JWT bearer grant) and print it",
    settings: [
        ClientSettings.zitadelDomain, ClientSettings.projectID,
        .required("CLIENT_PRIVATE_KEY_FILE_PATH", .path, "the service user's key file (JSON, from the console)"),
    ] + ClientSettings.tokenOptions,
    flags: [ClientSettings.call, ClientSettings.zitadelAPI])

// {"type":"serviceaccount","keyId":…,"key":…,"userId":…}; an API application's key file is refused here (exit 2).
let key: ServiceUserKey
do {
    key = try ServiceUserKey.load(setting: "CLIENT_PRIVATE_KEY_FILE_PATH",
                                  path: settings.path("CLIENT_PRIVATE_KEY_FILE_PATH"))
} catch {
    ExitCode.exit(printing: error, code: .badSettings)
}
if let warning = key.expiryWarning() { StandardError.write(warning) }

do {
    let issuer = settings.issuer("ZITADEL_DOMAIN").string
    let scope = ClientSettings.scope(from: settings)

    // The assertion: iss = sub = userId, aud = the issuer, iat = now, exp = in one hour, kid = keyId, RS256.
    let assertion = try key.assertion(issuer: issuer).signed()

    // POST grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…&scope=… (no client authentication).
    let client = try await TokenClient.resolving(issuer: issuer, tokenURL: settings.url(ifSet: "ZITADEL_TOKEN_URL"))
    let token = try await client.requestToken(grant: .jwtBearer(assertion: assertion), scope: scope)

    print(token.accessToken)
    TokenSummary.lines(for: token, scope: scope).forEach(StandardError.write)

    let bearer = BearerCall(token: token.accessToken)
    if settings.flag("--call") {
        for route in BearerCall.sampleRoutes {
            print(try await bearer.get(route, on: settings.url("API_BASE_URL")))
        }
    }
    if settings.flag("--zitadel-api") {
        print(try await bearer.get("/management/v1/orgs/me", on: settings.issuer("ZITADEL_DOMAIN").url))
    }
} catch {
    ExitCode.exit(printing: error)
}
