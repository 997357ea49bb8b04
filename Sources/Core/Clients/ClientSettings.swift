import Foundation

/// The settings and flags the three client samples share (docs/samples.md, "Settings"), declared once so that
/// every client's `--help` says the same thing.
public enum ClientSettings {
    public static let zitadelDomain = Setting.required(
        "ZITADEL_DOMAIN", .issuer, "your instance's URL, the issuer, e.g. https://my-instance.zitadel.cloud")
    public static let projectID = Setting.required(
        "PROJECT_ID", "the ID of the project that holds the API; the token's audience and roles come from it")
    public static let tokenURL = Setting.optional(
        "ZITADEL_TOKEN_URL", .url, "the token endpoint; when unset it comes from the issuer's discovery document")
    public static let apiBaseURL = Setting.optional(
        "API_BASE_URL", .url, default: "http://localhost:5000", "the API that --call calls")
    public static let scope = Setting.optional(
        "SCOPE", "the scopes to ask for, separated by spaces; default: openid profile "
            + "urn:zitadel:iam:org:project:id:{PROJECT_ID}:aud urn:zitadel:iam:org:projects:roles")

    /// The optional settings of ClientJWT and ClientCC.
    public static let tokenOptions = [tokenURL, apiBaseURL, scope]

    public static let call = Flag(
        "--call", "also call GET /api/public, /api/private and /api/private-scoped on API_BASE_URL with the token")
    public static let zitadelAPI = Flag(
        "--zitadel-api", "also ask for ZITADEL's own API (scope urn:zitadel:iam:org:project:id:zitadel:aud) and call "
            + "GET {ZITADEL_DOMAIN}/management/v1/orgs/me with the token")

    /// `SCOPE` when set, else the default for `PROJECT_ID`; plus ZITADEL's API audience with `--zitadel-api`.
    public static func scope(from settings: SampleSettings) -> [String] {
        var scopes = settings.string(ifSet: scope.name).map(TokenScope.parse)
            ?? TokenScope.zitadelDefault(projectID: settings.string(projectID.name))
        if settings.flag(zitadelAPI.name) { scopes.append(TokenScope.zitadelAPIAudience) }
        return scopes
    }
}
