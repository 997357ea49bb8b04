/// The scopes of a token request, filtered the way ZITADEL filters them, and the audience they ask for.
///
/// ZITADEL keeps the OpenID Connect scopes it knows and its own `urn:zitadel:iam:` scopes, and drops every other
/// scope without an error — so a bare `read:messages` never reaches a token (docs/zitadel.md, "Scopes").
/// `urn:zitadel:iam:org:project:id:{projectId}:aud` adds a project to the audience; the id `zitadel` stands for
/// ZITADEL's own API project. Without such a scope the audience names no project at all, and every API application
/// sees the token as inactive.
public struct Scopes: Sendable, Equatable {
    /// The kept scopes in request order, without duplicates.
    public let kept: [String]

    /// The OpenID Connect scopes ZITADEL keeps (OIDC Core §5.4 and §11).
    static let standard: Set<String> = ["openid", "profile", "email", "phone", "address", "offline_access"]
    static let zitadelPrefix = "urn:zitadel:iam:"
    static let audiencePrefix = "urn:zitadel:iam:org:project:id:"
    static let audienceSuffix = ":aud"
    /// Asks for the user's organisation in the answers about the token (`urn:zitadel:iam:user:resourceowner:id`, …).
    public static let resourceOwnerScope = "urn:zitadel:iam:user:resourceowner"
    /// The project id that means "ZITADEL's own API" in an audience scope.
    public static let zitadelAPIKeyword = "zitadel"

    /// Splits a space-separated `scope` parameter and filters it. Returns nil when it names no scope at all, which
    /// the token endpoint answers with 400 `invalid_request` (before filtering: a request naming only dropped
    /// scopes still gets a token, with no scope).
    public init?(requested: String?) {
        let names = (requested ?? "").split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !names.isEmpty else { return nil }
        var seen = Set<String>()
        kept = names.filter { name in
            guard Scopes.standard.contains(name) || name.hasPrefix(Scopes.zitadelPrefix) else { return false }
            return seen.insert(name).inserted
        }
    }

    public init(kept: [String]) {
        self.kept = kept
    }

    public func contains(_ scope: String) -> Bool {
        kept.contains(scope)
    }

    /// The space-separated form, as introspection reports it.
    public var joined: String {
        kept.joined(separator: " ")
    }

    /// The project ids named by `…:project:id:{id}:aud` scopes, in order; `zitadel` is replaced by the id of
    /// ZITADEL's own project. An id that names no project is kept as it is (ZITADEL does not check it either; such
    /// an audience simply matches nothing).
    public func audience(zitadelProjectID: String) -> [String] {
        var audience: [String] = []
        for scope in kept where scope.hasPrefix(Scopes.audiencePrefix) && scope.hasSuffix(Scopes.audienceSuffix) {
            let id = scope.dropFirst(Scopes.audiencePrefix.count).dropLast(Scopes.audienceSuffix.count)
            guard !id.isEmpty, !id.contains(":") else { continue }
            let projectID = id == Scopes.zitadelAPIKeyword ? zitadelProjectID : String(id)
            if !audience.contains(projectID) { audience.append(projectID) }
        }
        return audience
    }

    /// The scope that puts `projectID` into a token's audience.
    public static func audienceScope(projectID: String) -> String {
        audiencePrefix + projectID + audienceSuffix
    }
}
