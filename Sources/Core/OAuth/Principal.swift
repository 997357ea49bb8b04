import Foundation

/// Who an active access token belongs to and what it may do here, as ZITADEL's introspection answer says
/// (RFC 7662 §2.2; docs/zitadel.md, "Introspection").
///
/// Only an active answer has one (`IntrospectionResult.active`), so holding a `Principal` means ZITADEL called the
/// token active; `isExpired(at:)` is the one check left. Never holds the token itself.
public struct Principal: Sendable, Equatable {
    /// `sub`: the user's id (for a service user, its numeric id).
    public var subject: String?
    /// `client_id`: who obtained the token. ZITADEL sends the service user's user name; a personal access token
    /// has none.
    public var clientID: String?
    /// `username`: the user's login name, sent when the token was asked for with the `profile` scope.
    public var username: String?
    /// The role keys the user holds in the API's project: the keys of `urn:zitadel:iam:org:project:roles` and of
    /// `urn:zitadel:iam:org:project:{projectId}:roles`. Never taken from `scope`.
    public var roles: Set<String>
    /// `urn:zitadel:iam:user:resourceowner:id`: the organisation the user belongs to, sent when the token was asked
    /// for with the scope `urn:zitadel:iam:user:resourceowner`.
    public var organizationID: String?
    /// `exp`, when the answer carried it. ZITADEL always does for an active token.
    public var expiresAt: Date?

    public init(
        subject: String? = nil, clientID: String? = nil, username: String? = nil, roles: Set<String> = [],
        organizationID: String? = nil, expiresAt: Date? = nil
    ) {
        self.subject = subject
        self.clientID = clientID
        self.username = username
        self.roles = roles
        self.organizationID = organizationID
        self.expiresAt = expiresAt
    }

    public func hasRole(_ role: String) -> Bool { roles.contains(role) }

    /// RFC 7519 §4.1.4: a token must not be accepted on or after its `exp`, whatever `active` said.
    public func isExpired(at now: Date) -> Bool {
        guard let expiresAt else { return false }
        return now >= expiresAt
    }
}
