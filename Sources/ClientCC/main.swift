// ClientCC — the Swift counterpart of the Python sample "service-user-client-credentials".
//
// A service user authenticates with its client ID (its user name) and a generated client secret and gets an access
// token with the client credentials grant (RFC 6749 §4.4), then prints the token. With --call it calls the API's
// three routes with it.
//
//   TOKEN=$(swift run ClientCC)        swift run ClientCC --call        swift run ClientCC --help
import Core

let settings = SampleSettings.loadOrExit(
    sample: "client-cc",
    summary: "get an access token for a service user with its client ID and secret (client credentials) and print it",
    settings: [
        ClientSettings.zitadelDomain, ClientSettings.projectID,
        .required("CLIENT_ID", "the service user's user name (not its numeric ID)"),
        .required("CLIENT_SECRET", "the service user's client secret (Actions → Generate Client Secret)", secret: true),
    ] + ClientSettings.tokenOptions,
    flags: [ClientSettings.call, ClientSettings.zitadelAPI])

do {
    let issuer = settings.issuer("ZITADEL_DOMAIN").string
    let scope = ClientSettings.scope(from: settings)
    // Basic base64(urlencode(CLIENT_ID):urlencode(CLIENT_SECRET)) in the header, never in the body.
    let grant = TokenGrant.clientCredentials(clientID: settings.string("CLIENT_ID"),
                                             clientSecret: settings.string("CLIENT_SECRET"))

    // POST grant_type=client_credentials&scope=… to the token endpoint.
    let client = try await TokenClient.resolving(issuer: issuer, tokenURL: settings.url(ifSet: "ZITADEL_TOKEN_URL"))
    let token = try await client.requestToken(grant: grant, scope: scope)

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
