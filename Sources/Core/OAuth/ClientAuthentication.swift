/// How the API authenticates itself to ZITADEL's introspection endpoint (zitadel-wire.md, "Introspection
/// endpoint"). Printing one never shows the secret or the key.
public enum ClientAuthentication: Sendable, CustomStringConvertible {
    /// RFC 6749 §2.3.1 Basic with the API application's client id and secret.
    case clientSecretBasic(clientID: String, secret: String)
    /// RFC 7523 §2.2 client assertion signed with the API application's key (`private_key_jwt`).
    case privateKeyJWT(ClientAssertionIssuer)

    public var description: String {
        switch self {
        case .clientSecretBasic(let clientID, _): return "client_secret_basic (client id \(clientID))"
        case .privateKeyJWT(let issuer): return "private_key_jwt (client id \(issuer.clientID), key id \(issuer.keyID))"
        }
    }

    static let jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// The headers and form fields that carry this authentication on one request.
    func credentials(endpoint: String) throws(IntrospectionError)
        -> (headers: [(name: String, value: String)], fields: [(String, String)])
    {
        switch self {
        case .clientSecretBasic(let clientID, let secret):
            return ([("Authorization", ClientSecretBasic.authorizationHeader(clientID: clientID, secret: secret))], [])
        case .privateKeyJWT(let issuer):
            do {
                let assertion = try issuer.assertion()
                return ([], [("client_assertion_type", Self.jwtBearerAssertionType), ("client_assertion", assertion)])
            } catch {
                throw .requestRejected(endpoint: endpoint, reason: error.description)
            }
        }
    }
}
