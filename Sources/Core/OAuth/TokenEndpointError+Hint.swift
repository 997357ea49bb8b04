/// Advice for the usual causes of each failure, from what ZITADEL actually answers (docs/zitadel.md, "Token
/// endpoint"). The hint names settings, never their values.
extension TokenEndpointError {
    public var hint: String? {
        switch self {
        case .rejected(_, let status, let error, _, let grant):
            Self.hint(status: status, error: error, grant: grant)
        case .notJSON(_, let status, _, _):
            Self.hint(status: status, error: nil, grant: nil)
        case .malformedAnswer:
            "is ZITADEL_TOKEN_URL ZITADEL's token endpoint (ISSUER/oauth/v2/token)?"
        case .connectionFailed:
            "is ZITADEL_DOMAIN (or ZITADEL_TOKEN_URL) right, and is ZITADEL reachable from here (DNS, proxy, firewall)?"
        case .timedOut:
            "ZITADEL or the network is slow or unreachable; check ZITADEL_DOMAIN and try again"
        case .discoveryFailed:
            "check ZITADEL_DOMAIN (the issuer, e.g. https://my-instance.zitadel.cloud), or set ZITADEL_TOKEN_URL"
        case .rateLimited(_, let status, _):
            Self.hint(status: status, error: nil, grant: nil)
        }
    }

    static let badAssertionHint = """
        ZITADEL answers 500 server_error when it rejects a JWT assertion. Usual causes: the assertion's aud must be \
        the issuer exactly (ZITADEL_DOMAIN without a trailing slash, not the token URL); this machine's clock must \
        agree with ZITADEL's within a second (check NTP); the key in CLIENT_PRIVATE_KEY_FILE_PATH must be the service \
        user's current key (not deleted or expired) and its userId the user's numeric id; an API application's key \
        file does not work for this grant
        """

    static func hint(status: Int, error: String?, grant: TokenGrant.Kind?) -> String? {
        switch (error, grant) {
        case (_, _) where status == 429:
            return "ZITADEL limits the OAuth endpoints (about 50 requests/s per IP); wait a minute and retry, and "
                + "reuse a token until it expires instead of asking for one per call"
        case ("invalid_client", .clientCredentials?):
            return "ZITADEL found no service user with this CLIENT_ID: it is the service user's username "
                + "(e.g. billing-worker), not its numeric user id, and the user needs a generated client secret"
        case ("invalid_client", .jwtBearer?):
            return "ZITADEL does not know the user of the assertion: the key file's userId must be the numeric id of "
                + "an existing service user of this instance"
        case ("invalid_client", nil):
            return "ZITADEL does not know this client or user"
        case ("invalid_request", .clientCredentials?):
            return "usually a wrong CLIENT_SECRET (ZITADEL reports it as invalid_request, "
                + "Errors.User.Machine.Secret.Invalid) or an empty SCOPE"
        case ("invalid_request", _):
            return "check that SCOPE is not empty"
        case ("server_error", .jwtBearer?), ("invalid_grant", .jwtBearer?):
            return badAssertionHint
        case ("unauthorized_client", _):
            return "ZITADEL refuses this grant for this client: it must be a service (machine) user with a key "
                + "(JWT-bearer) or a generated secret (client credentials)"
        case ("unsupported_grant_type", _):
            return "this server does not offer the grant: is ZITADEL_TOKEN_URL ZITADEL's token endpoint "
                + "(ISSUER/oauth/v2/token)?"
        case ("invalid_scope", _):
            return "check SCOPE: scopes are separated by spaces, ZITADEL's own start with urn:zitadel:iam:"
        default:
            break
        }
        switch status {
        case 300...399:
            return "the server redirects this URL, and credentials are not sent after a redirect: use the URL it "
                + "redirects to (often https:// rather than http://) in ZITADEL_DOMAIN or ZITADEL_TOKEN_URL"
        case 404, 405:
            return "there is no token endpoint at this URL: check ZITADEL_TOKEN_URL (ISSUER/oauth/v2/token) "
                + "or ZITADEL_DOMAIN"
        case 401, 403:
            return "ZITADEL rejected the credentials"
        case 500...599 where grant == .jwtBearer:
            return badAssertionHint
        case 500...599:
            return "ZITADEL, or a proxy in front of it, failed; try again later"
        default:
            return nil
        }
    }
}
