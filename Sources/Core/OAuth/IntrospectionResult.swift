import Foundation

/// What an introspection endpoint said about one token (RFC 7662 §2.2), reduced to what an API decides on.
///
/// Invariant: `.active` comes only from an answer whose `active` member was the JSON boolean `true`; anything else
/// that reads as an answer is `.inactive`, which carries nothing (ZITADEL's answer for every token problem is a bare
/// `{"active":false}`, docs/zitadel.md). The token itself is never stored here.
public enum IntrospectionResult: Sendable, Equatable {
    case active(Principal)
    case inactive

    /// The principal of an active answer; nil for an inactive one.
    public var principal: Principal? {
        if case .active(let principal) = self { return principal }
        return nil
    }
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
    static let organizationClaim = "urn:zitadel:iam:user:resourceowner:id"

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
        guard active else {
            self = .inactive
            return
        }
        var principal = Principal(
            subject: members["sub"]?.stringValue, clientID: members["client_id"]?.stringValue,
            username: members["username"]?.stringValue,
            organizationID: members[Self.organizationClaim]?.stringValue)
        if let exp = members["exp"], !exp.isNull {
            guard let seconds = exp.doubleValue else {
                throw MalformedAnswer(reason: "the answer's \"exp\" is not a number")
            }
            principal.expiresAt = Date(timeIntervalSince1970: seconds)
        }
        for (name, value) in members where Self.isRolesClaim(name) {
            // ZITADEL sends {roleKey: {orgId: domain}}; its docs once showed an array of keys, read that too.
            if let map = value.objectValue {
                principal.roles.formUnion(map.keys)
            } else if let list = value.arrayValue {
                principal.roles.formUnion(list.compactMap(\.stringValue))
            }
        }
        self = .active(principal)
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
