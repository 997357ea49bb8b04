import Core
import Foundation

/// `POST /oauth/v2/token`: the two grants a service user has (docs/zitadel.md, "Token endpoint").
///
/// - `urn:ietf:params:oauth:grant-type:jwt-bearer` (RFC 7523 §2.1): no client authentication; the assertion is
///   signed with the service user's key. A refused assertion is HTTP 500 `server_error` / `Errors.Internal`, as
///   ZITADEL answers today.
/// - `client_credentials` (RFC 6749 §4.4): the service user's username and generated secret, Basic or in the form.
///
/// Then the scope: empty → 400; kept and filtered by `Scopes`. The answer: `access_token`, `token_type` Bearer,
/// `expires_in` 43199, and `id_token` only with `openid`. No `scope`, no refresh token.
extension ZitadelStandIn {
    public static let jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    public func token(authorization: String?, form: FormFields) -> Reply {
        let grantType = form["grant_type"] ?? ""
        switch grantType {
        case "":
            return OAuthErrorReply(status: 400, error: "invalid_request", description: "grant_type missing").reply()
        case Self.jwtBearerGrant:
            return jwtBearerGrant(form: form)
        case "client_credentials":
            return clientCredentialsGrant(authorization: authorization, form: form)
        default:
            return OAuthErrorReply(status: 400, error: "unsupported_grant_type",
                                   description: "\(grantType) not supported").reply()
        }
    }

    private func jwtBearerGrant(form: FormFields) -> Reply {
        guard let assertion = form["assertion"], !assertion.isEmpty else {
            return OAuthErrorReply(status: 400, error: "invalid_request", description: "assertion missing").reply()
        }
        let user = instance.serviceUser
        do {
            _ = try AssertionRules.verify(assertion, issuer: issuer, now: clock.now(), keyFor: serviceUserKey)
        } catch {
            return OAuthErrorReply.internalError.reply(principal: "assertion refused: \(error)")
        }
        return issue(scope: form["scope"], principal: user.username)
    }

    private func clientCredentialsGrant(authorization: String?, form: FormFields) -> Reply {
        let client: ClientAuthentication
        do {
            client = try ClientAuthentication.parse(authorization: authorization, form: form)
        } catch {
            return error.reply()
        }
        let user = instance.serviceUser
        // client_id is the service user's username; its numeric id, an API application or anything else is not a
        // client here.
        guard let clientID = client.clientID, clientID == user.username else {
            return OAuthErrorReply(status: 400, error: "invalid_client", description: "client not found").reply()
        }
        guard let secret = client.clientSecret, Self.secretsMatch(secret, user.clientSecret) else {
            return OAuthErrorReply(status: 400, error: "invalid_request",
                                   description: "Errors.User.Machine.Secret.Invalid").reply(principal: clientID)
        }
        return issue(scope: form["scope"], principal: user.username)
    }

    /// Issues an access token (and an id token with `openid`) to the service user.
    private func issue(scope: String?, principal: String) -> Reply {
        guard let scopes = Scopes(requested: scope) else {
            return OAuthErrorReply(status: 400, error: "invalid_request", description: "scope missing")
                .reply(principal: principal)
        }
        let user = instance.serviceUser
        do {
            let (accessToken, record) = try issueAccessToken(
                subject: user.userID, username: user.username, displayName: user.displayName, scopes: scopes,
                format: instance.accessTokenType == .jwt ? .jwt : .opaque, lifetime: Instance.accessTokenLifetime)
            var body: [String: JSONValue] = [
                "access_token": .string(accessToken),
                "token_type": .string("Bearer"),
                // ZITADEL counts the seconds left after issuing: 12 h minus the one just begun.
                "expires_in": .number(Double(Instance.accessTokenLifetime - 1)),
            ]
            if scopes.contains("openid") { body["id_token"] = .string(try idToken(record)) }
            return .json(.object(body), principal: principal)
        } catch {
            return OAuthErrorReply.internalError.reply(principal: "\(principal): signing failed: \(error)")
        }
    }

    /// Makes an access token for `subject` and remembers it, as the token endpoint does after a grant.
    func issueAccessToken(
        subject: String, username: String, displayName: String, scopes: Scopes, format: IssuedToken.Format,
        lifetime: Int
    ) throws(JWTError) -> (String, IssuedToken) {
        let now = clock.nowSeconds()
        let record = IssuedToken(
            kind: .accessToken, format: format, id: RandomText.tokenID(), subject: subject, username: username,
            displayName: displayName, audience: scopes.audience(zitadelProjectID: instance.zitadelProjectID),
            scopes: scopes, issuedAt: now, expiresAt: now + lifetime)
        let accessToken = format == .jwt ? try jwtAccessToken(record) : RandomText.token()
        tokens.insert(token: accessToken, record: record)
        return (accessToken, record)
    }

    /// ZITADEL's JWT access token claims (RFC 9068 §2.2 shape): iss, sub, aud, exp, iat, nbf, jti, client_id.
    private func jwtAccessToken(_ record: IssuedToken) throws(JWTError) -> String {
        let claims: [String: JSONValue] = [
            "iss": .string(issuer), "sub": .string(record.subject),
            "aud": .array(record.audience.map(JSONValue.string)),
            "exp": .number(Double(record.expiresAt ?? record.issuedAt)), "iat": .number(Double(record.issuedAt)),
            "nbf": .number(Double(record.issuedAt)), "jti": .string(record.id), "client_id": .string(record.username),
        ]
        let key = instance.signingKey
        return try SignedJWT.signRS256(claims: claims, keyID: key.keyID, key: key.privateKey)
    }

    /// The id token of a service user: `exp` equals `iat`, as ZITADEL issues it (clients ignore it).
    private func idToken(_ record: IssuedToken) throws(JWTError) -> String {
        var claims: [String: JSONValue] = [
            "iss": .string(issuer), "sub": .string(record.subject),
            "aud": .array((record.audience + [record.username]).map(JSONValue.string)),
            "azp": .string(record.username), "client_id": .string(record.username),
            "exp": .number(Double(record.issuedAt)), "iat": .number(Double(record.issuedAt)),
        ]
        if record.scopes.contains("profile") {
            claims["name"] = .string(record.displayName)
            claims["preferred_username"] = .string(record.username)
        }
        let key = instance.signingKey
        return try SignedJWT.signRS256(claims: claims, keyID: key.keyID, key: key.privateKey)
    }
}
