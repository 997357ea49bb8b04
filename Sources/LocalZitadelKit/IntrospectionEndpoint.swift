import Core
import Foundation

/// `POST /oauth/v2/introspect` (RFC 7662), called by an API application (docs/zitadel.md, "Introspection").
///
/// Order, as ZITADEL's OIDC library checks: how the client authenticates (400 `invalid_request`), that a token is
/// given (400 "token missing"), then who the client is (400 `{"error":"unauthorized_client"}`), and only then the
/// token. Every token problem — unknown, expired, revoked, malformed, or an audience naming neither this
/// application's client id nor its project — is `200 {"active":false}` and nothing else (RFC 7662 §2.2).
extension ZitadelStandIn {
    public func introspect(authorization: String?, form: FormFields) -> Reply {
        let client: ClientAuthentication
        do {
            client = try ClientAuthentication.parse(authorization: authorization, form: form)
        } catch {
            return error.reply()
        }
        guard client.clientSecret != nil || client.clientAssertion != nil else {
            return OAuthErrorReply(status: 400, error: "invalid_client", description: "client must be authenticated")
                .reply(principal: client.clientID)
        }
        guard let token = form["token"], !token.isEmpty else {
            return OAuthErrorReply(status: 400, error: "invalid_request", description: "token missing")
                .reply(principal: client.clientID)
        }
        let application: Instance.APIApplication
        switch authenticateApplication(client) {
        case .authenticated(let found): application = found
        case .refused(let refusal): return refusal
        }
        guard let answer = activeAnswer(token: token, application: application) else {
            return .json(.object(["active": .bool(false)]), principal: application.clientID)
        }
        return .json(.object(answer), principal: application.clientID)
    }

    /// The API application behind the client credentials, or the bare `unauthorized_client` ZITADEL answers for an
    /// unknown client, a wrong secret, or a refused assertion.
    func authenticateApplication(_ client: ClientAuthentication) -> ApplicationAuthentication {
        let refused = { (who: String?) in
            ApplicationAuthentication.refused(
                OAuthErrorReply(status: 400, error: "unauthorized_client").reply(principal: who))
        }
        if let assertion = client.clientAssertion {
            do {
                let owner = try AssertionRules.verify(assertion, issuer: issuer, now: clock.now(),
                                                      keyFor: applicationKey)
                guard let application = instance.application(clientID: owner) else { return refused(owner) }
                return .authenticated(application)
            } catch {
                return refused("assertion refused: \(error)")
            }
        }
        guard let clientID = client.clientID, let application = instance.application(clientID: clientID),
              case .secret(let expected) = application.credential,
              let secret = client.clientSecret, Self.secretsMatch(secret, expected)
        else { return refused(client.clientID) }
        return .authenticated(application)
    }

    /// The claims of an active answer, or nil for `{"active":false}`.
    func activeAnswer(token: String, application: Instance.APIApplication) -> [String: JSONValue]? {
        let now = clock.nowSeconds()
        guard var record = tokens.record(for: token), record.isActive(now: now) else { return nil }
        if record.format == .jwt {
            // A JWT access token is checked as a JWT too: shape, the instance's signature, expiry.
            let key = instance.signingKey
            guard SignedJWT.isValidInstanceToken(token, keyID: key.keyID, key: key.publicKey, now: now) else {
                return nil
            }
        }
        if record.kind == .personalAccessToken {
            // ZITADEL adds the introspecting application and its project to a PAT's audience.
            record.audience += [application.clientID, application.projectID]
        }
        guard record.audience.contains(application.clientID) || record.audience.contains(application.projectID) else {
            return nil
        }
        var answer: [String: JSONValue] = [
            "active": .bool(true),
            "scope": .string(record.scopes.joined),
            "token_type": .string("Bearer"),
            // A PAT without expiry reports 9999-12-31T23:59:59Z.
            "exp": .number(Double(record.expiresAt ?? 253_402_300_799)),
            "iat": .number(Double(record.issuedAt)),
            "nbf": .number(Double(record.issuedAt)),
            "sub": .string(record.subject),
            "aud": .array(record.audience.map(JSONValue.string)),
            "iss": .string(issuer),
            "jti": .string(record.id),
        ]
        if record.kind == .accessToken { answer["client_id"] = .string(record.username) }
        if record.scopes.contains("profile") {
            answer["username"] = .string(record.username)
            answer["name"] = .string(record.displayName)
        }
        if record.scopes.contains(Scopes.resourceOwnerScope) {
            // The user's organisation, asked for with `urn:zitadel:iam:user:resourceowner`.
            answer["urn:zitadel:iam:user:resourceowner:id"] = .string(instance.organization.id)
            answer["urn:zitadel:iam:user:resourceowner:name"] = .string(instance.organization.name)
            answer["urn:zitadel:iam:user:resourceowner:primary_domain"] = .string(instance.organization.primaryDomain)
        }
        // The roles the user holds in the introspecting API's project, under both claim names, whatever the scopes.
        let roles = instance.roleClaim(userID: record.subject, projectID: application.projectID)
        if !roles.isEmpty {
            answer["urn:zitadel:iam:org:project:roles"] = .object(roles)
            answer["urn:zitadel:iam:org:project:\(application.projectID):roles"] = .object(roles)
        }
        return answer
    }
}

enum ApplicationAuthentication {
    case authenticated(Instance.APIApplication)
    case refused(Reply)
}
