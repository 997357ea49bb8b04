// ClientPAT — a service user's personal access token (PAT) needs no grant: it is sent as it is.
//
// Calls the API's three routes with `Authorization: Bearer <PAT>` and prints one line per route, as ClientJWT and
// ClientCC do with --call. The PAT itself is never printed.
//
//   swift run ClientPAT        swift run ClientPAT --help
import Core

let settings = SampleSettings.loadOrExit(
    sample: "client-pat",
    summary: "call the API's three routes with a service user's personal access token and print the answers",
    settings: [
        .required("PAT", "the service user's personal access token (Console → Users → Service Users → your user "
            + "→ Personal Access Tokens)", secret: true),
        ClientSettings.apiBaseURL,
    ],
    flags: [Flag("--call", "accepted for symmetry with ClientJWT and ClientCC: ClientPAT always calls the routes")])

do {
    let bearer = BearerCall(token: settings.string("PAT"))
    for route in BearerCall.sampleRoutes {
        print(try await bearer.get(route, on: settings.url("API_BASE_URL")))
    }
} catch {
    ExitCode.exit(printing: error)
}
