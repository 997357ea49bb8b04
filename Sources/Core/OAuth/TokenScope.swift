/// The scopes a ZITADEL service user asks for (docs/zitadel.md, "Scopes").
///
/// Without `urn:zitadel:iam:org:project:id:{projectId}:aud` the project is not in the token's audience, and every
/// API application of that project sees the token as inactive; `urn:zitadel:iam:org:projects:roles` asks for the
/// user's roles in the audience's projects. Scopes ZITADEL does not know (a bare `read:messages`) are dropped silently.
public enum TokenScope {
    /// `openid profile urn:zitadel:iam:org:project:id:{projectID}:aud urn:zitadel:iam:org:projects:roles`.
    public static func zitadelDefault(projectID: String) -> [String] {
        ["openid", "profile", projectAudience(projectID), "urn:zitadel:iam:org:projects:roles"]
    }

    /// Puts a project into the token's audience.
    public static func projectAudience(_ projectID: String) -> String {
        "urn:zitadel:iam:org:project:id:\(projectID):aud"
    }

    /// Puts ZITADEL's own API into the audience, needed to call e.g. `GET /management/v1/orgs/me`.
    public static let zitadelAPIAudience = projectAudience("zitadel")

    /// Splits a `SCOPE` setting on whitespace, the way the form field separates scopes (RFC 6749 §3.3).
    public static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    /// Joins scopes for the form, dropping duplicates while keeping the first occurrence's place.
    public static func join(_ scopes: [String]) -> String {
        var seen = Set<String>()
        return scopes.filter { seen.insert($0).inserted }.joined(separator: " ")
    }

    /// Whether any scope puts a project (not ZITADEL's own API) into the audience; without one, an API sees the
    /// token as inactive.
    public static func hasProjectAudience(_ scopes: [String]) -> Bool {
        scopes.contains { $0.hasPrefix("urn:zitadel:iam:org:project:id:") && $0.hasSuffix(":aud") && $0 != zitadelAPIAudience }
    }
}
