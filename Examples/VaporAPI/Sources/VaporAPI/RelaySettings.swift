import Core
import Foundation
import MessagesAPI

/// The settings of `/api/relay`, all optional for the sample: without `UPSTREAM_API_URL` the route is not
/// registered; with it, the service user's three settings are needed too (the names ClientCC reads, so
/// `env/client-cc.env` holds them).
enum RelaySettings {
    static let upstream = "UPSTREAM_API_URL"
    static let serviceUser = ["PROJECT_ID", "CLIENT_ID", "CLIENT_SECRET"]

    static let declared: [Setting] = [
        .optional(
            upstream, .url,
            "The protected API that GET /api/relay calls (GET {UPSTREAM_API_URL}/api/private-scoped); "
                + "when unset, /api/relay is not registered"),
        .optional("PROJECT_ID", "For /api/relay: the ID of the project that holds the upstream API (the token's audience)"),
        .optional("CLIENT_ID", "For /api/relay: the service user's user name (client credentials grant)"),
        .optional("CLIENT_SECRET", "For /api/relay: the service user's client secret", secret: true),
    ]

    /// The relay when `UPSTREAM_API_URL` is set; nil when not. Exits 2, naming what is missing, when it is set but a
    /// service-user setting is not.
    static func relay(from settings: SampleSettings) -> Relay? {
        guard let upstreamURL = settings.url(ifSet: upstream) else { return nil }
        let missing = declared.filter { serviceUser.contains($0.name) && settings.string(ifSet: $0.name) == nil }
        if !missing.isEmpty {
            let problems = missing.map {
                SettingProblem(
                    name: $0.name, kind: .missing, source: nil, shownValue: nil,
                    meaning: $0.meaning + "; needed because \(upstream) is set")
            }
            let location = SettingsLocation(
                envFilePath: settings.envFile ?? settings.command.defaultEnvFile, envFileExists: settings.envFile != nil)
            ExitCode.exit(printing: SettingsError.invalidSettings(problems, lookedIn: location))
        }
        let tokens = TokenProvider.clientCredentials(
            issuer: settings.issuer("ZITADEL_DOMAIN").string,
            clientID: settings.string("CLIENT_ID"),
            clientSecret: settings.string("CLIENT_SECRET"),
            scope: TokenScope.zitadelDefault(projectID: settings.string("PROJECT_ID")))
        return Relay(upstream: upstreamURL, tokens: tokens)
    }
}
