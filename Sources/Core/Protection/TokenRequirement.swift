/// What a protected route asks of a bearer token.
public enum TokenRequirement: Sendable, Hashable {
    /// Any token that introspection calls active (and whose `exp` is ahead).
    case activeToken
    /// An active token whose user holds this role in the API's project (docs/zitadel.md, "Roles").
    case role(String)
}
