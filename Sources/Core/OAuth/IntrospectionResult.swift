import Foundation

/// What an introspection endpoint said about one token (RFC 7662 §2.2), reduced to what an API decides on.
///
/// Invariant: `isActive(at:)` is true only when the answer carried `"active": true` (a JSON boolean, nothing
/// else counts) and, if it carried `exp`, that moment is still ahead. The token itself is never stored here.
public struct IntrospectionResult: Sendable, Equatable {
    /// The `active` member, exactly.
    public var active: Bool
    /// `exp`, when present (seconds since the epoch on the wire).
    public var expiresAt: Date?
    /// The role keys granted in the API's project: the union of the keys of `urn:zitadel:iam:org:project:roles`
    /// and of every `urn:zitadel:iam:org:project:{projectId}:roles` (zitadel-wire.md). Never derived from `scope`.
    public var roles: Set<String>
    /// For log lines: who the token belongs to and who obtained it.
    public var subject: String?
    public var clientID: String?
    public var username: String?

    public init(
        active: Bool, expiresAt: Date? = nil, roles: Set<String> = [], subject: String? = nil,
        clientID: String? = nil, username: String? = nil
    ) {
        self.active = active
        self.expiresAt = expiresAt
        self.roles = roles
        self.subject = subject
        self.clientID = clientID
        self.username = username
    }

    /// RFC 7519 §4.1.4: the token must not be accepted on or after `exp`.
    public func isActive(at now: Date) -> Bool {
        guard active else { return false }
        guard let expiresAt else { return true }
        return now < expiresAt
    }

    public func hasRole(_ role: String) -> Bool { roles.contains(role) }
}

extension IntrospectionResult {
    /// Why an answer body could not be read as an introspection answer.
    public struct MalformedAnswer: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    static let genericRolesClaim = "urn:zitadel:iam:org:project:roles"
    static let projectClaimPrefix = "urn:zitadel:iam:org:project:"
    static let projectClaimSuffix = ":roles"

    /// Reads an RFC 7662 answer with the strict `JSONValue` parser (duplicate members refused, so no two readers
    /// can disagree about `active`). `active` is read first and must be a JSON boolean; `{"active":false}` with
    /// no other member is a complete answer. For an active token, `exp` must be a number when present. Unknown
    /// members are ignored; a role claim of an unexpected shape contributes no roles rather than failing the answer.
    public init(json body: [UInt8]) throws(MalformedAnswer) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(body)
        } catch {
            throw MalformedAnswer(reason: "the answer is not JSON (\(error))")
        }
        guard let members = document.objectValue else {
            throw MalformedAnswer(reason: "the answer is not a JSON object")
        }
        guard let activeMember = members["active"] else {
            throw MalformedAnswer(reason: "the answer has no \"active\" member")
        }
        guard let active = activeMember.boolValue else {
            throw MalformedAnswer(reason: "the answer's \"active\" is not a JSON boolean")
        }
        self.init(active: active)
        guard active else { return }
        if let exp = members["exp"], !exp.isNull {
            guard let seconds = exp.doubleValue else {
                throw MalformedAnswer(reason: "the answer's \"exp\" is not a number")
            }
            expiresAt = Date(timeIntervalSince1970: seconds)
        }
        subject = members["sub"]?.stringValue
        clientID = members["client_id"]?.stringValue
        username = members["username"]?.stringValue
        for (name, value) in members where Self.isRolesClaim(name) {
            // ZITADEL sends {roleKey: {orgId: domain}}; its docs once showed an array of keys, read that too.
            if let map = value.objectValue {
                roles.formUnion(map.keys)
            } else if let list = value.arrayValue {
                roles.formUnion(list.compactMap(\.stringValue))
            }
        }
    }

    /// `urn:zitadel:iam:org:project:roles` or `urn:zitadel:iam:org:project:{id}:roles` with a non-empty id
    /// without `:` (so the scope name `urn:zitadel:iam:org:projects:roles` and other claims never match).
    static func isRolesClaim(_ name: String) -> Bool {
        if name == genericRolesClaim { return true }
        guard name.hasPrefix(projectClaimPrefix), name.hasSuffix(projectClaimSuffix),
            name.count > projectClaimPrefix.count + projectClaimSuffix.count
        else { return false }
        let id = name.dropFirst(projectClaimPrefix.count).dropLast(projectClaimSuffix.count)
        return !id.contains(":")
    }
}
