import Core
import Foundation

/// `POST /oauth/v2/revoke` (RFC 7009), so the tutorial can show a revoked token turning into a 401 at the API.
///
/// The client authenticates first — the service user (username + secret, Basic or form, or an assertion signed with
/// its key) or an API application (as for introspection) — then names the `token`. The service user may revoke its
/// own access tokens; an API application the access tokens whose audience names it or its project. Anything else,
/// including a PAT (ZITADEL removes those through its management API, not here), is left alone and still answered
/// 200 with an empty body, as RFC 7009 §2.2 asks for unknown tokens.
extension ZitadelStandIn {
    public func revoke(authorization: String?, form: FormFields) -> Reply {
        let client: ClientAuthentication
        do {
            client = try ClientAuthentication.parse(authorization: authorization, form: form)
        } catch {
            return error.reply()
        }
        let user = instance.serviceUser
        var revoker: (subject: String?, application: Instance.APIApplication?, name: String)
        if isServiceUser(client) {
            revoker = (user.userID, nil, user.username)
        } else {
            switch authenticateApplication(client) {
            case .authenticated(let application): revoker = (nil, application, application.clientID)
            case .refused(let refusal): return refusal
            }
        }
        guard let token = form["token"], !token.isEmpty else {
            return OAuthErrorReply(status: 400, error: "invalid_request", description: "token missing")
                .reply(principal: revoker.name)
        }
        if let record = tokens.record(for: token), record.kind == .accessToken {
            let owns = record.subject == revoker.subject
            let addressed = revoker.application.map {
                record.audience.contains($0.clientID) || record.audience.contains($0.projectID)
            } ?? false
            if owns || addressed { tokens.revoke(token: token) }
        }
        return Reply(status: 200, body: nil, principal: revoker.name)
    }

    private func isServiceUser(_ client: ClientAuthentication) -> Bool {
        let user = instance.serviceUser
        if let assertion = client.clientAssertion {
            let owner = try? AssertionRules.verify(assertion, issuer: issuer, now: clock.now(), keyFor: serviceUserKey)
            return owner != nil
        }
        guard client.clientID == user.username, let secret = client.clientSecret else { return false }
        return Self.secretsMatch(secret, user.clientSecret)
    }
}
