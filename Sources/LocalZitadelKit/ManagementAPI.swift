import Core

/// `GET /management/v1/orgs/me`, the one call of ZITADEL's own API the samples make (`--zitadel-api`): the
/// organization of the caller. The bearer token must be active and its audience must contain ZITADEL's own project
/// (the scope `urn:zitadel:iam:org:project:id:zitadel:aud`). Errors come in the gRPC-gateway shape ZITADEL's REST
/// API uses, `{"code":16,"message":"…"}` with 401 for an unauthenticated call (gRPC code 16, UNAUTHENTICATED).
extension ZitadelStandIn {
    public func organizationOfCaller(authorization: String?) -> Reply {
        let unauthenticated = { (message: String, who: String?) in
            Reply.json(.object(["code": .number(16), "message": .string(message)]), status: 401, principal: who)
        }
        guard let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else {
            return unauthenticated("auth header missing", nil)
        }
        let token = String(authorization.dropFirst(7)).trimmingSpaces()
        let now = clock.nowSeconds()
        guard let record = tokens.record(for: token), record.isActive(now: now) else {
            return unauthenticated("Errors.Token.Invalid (AUTH-7fs1e)", nil)
        }
        guard record.audience.contains(instance.zitadelProjectID) else {
            return unauthenticated("Errors.Token.Invalid (invalid audience; add the scope "
                + "urn:zitadel:iam:org:project:id:zitadel:aud)", record.username)
        }
        let organization = instance.organization
        let org: JSONValue = .object([
            "id": .string(organization.id),
            "name": .string(organization.name),
            "state": .string("ORG_STATE_ACTIVE"),
            "primaryDomain": .string(organization.primaryDomain),
        ])
        return .json(.object(["org": org]), principal: record.username)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
