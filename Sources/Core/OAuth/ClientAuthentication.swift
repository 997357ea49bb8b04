/// How the API authenticates itself to ZITADEL's introspection endpoint (zitadel-wire.md, "Introspection
/// endpoint"). Printing one never shows the secret or the key.
public enum ClientAuthentication: Sendable, CustomStringConvertible {
    /// RFC 6749 §2.3.1 Basic with the API application's client id and secret.
    case clientSecretBasic(clientID: String, secret: String)

    public var description: String {
        switch self {
        case .clientSecretBasic(let clientID, _): return "client_secret_basic (client id \(clientID))"
        }
    }

    /// The headers and form fields that carry this authentication on one request.
    func credentials() throws(IntrospectionError) -> (headers: [(name: String, value: String)], fields: [(String, String)]) {
        switch self {
        case .clientSecretBasic(let clientID, let secret):
            return ([("Authorization", ClientSecretBasic.authorizationHeader(clientID: clientID, secret: secret))], [])
        }
    }
}
