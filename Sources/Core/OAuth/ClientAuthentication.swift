/// How an API authenticates itself to ZITADEL's introspection endpoint (docs/zitadel.md, "Introspection"):
/// `.clientSecretBasic(clientID:secret:)` here, or `.privateKeyJWT(_:)` from the KeyAuthentication folder, which
/// only the samples that sign JWTs need. Printing one never shows the secret or the key.
public struct ClientAuthentication: Sendable, CustomStringConvertible {
    /// The header fields and form fields that carry the authentication on one request to `endpoint`.
    public typealias Credentials = @Sendable (_ endpoint: String) throws(IntrospectionError)
        -> (headers: [(name: String, value: String)], fields: [(String, String)])

    public let description: String
    private let credentials: Credentials

    /// - Parameters:
    ///   - description: how to name this authentication in messages; must not contain a secret.
    ///   - credentials: what to add to each request.
    public init(description: String, credentials: @escaping Credentials) {
        self.description = description
        self.credentials = credentials
    }

    /// RFC 6749 §2.3.1 Basic with the API application's client id and secret (`client_secret_basic`).
    public static func clientSecretBasic(clientID: String, secret: String) -> ClientAuthentication {
        let header = ClientSecretBasic.authorizationHeader(clientID: clientID, secret: secret)
        return ClientAuthentication(description: "client_secret_basic (client id \(clientID))") { _ in
            ([(name: "Authorization", value: header)], [])
        }
    }

    /// The headers and form fields that carry this authentication on one request.
    func credentials(endpoint: String) throws(IntrospectionError)
        -> (headers: [(name: String, value: String)], fields: [(String, String)])
    {
        try credentials(endpoint)
    }
}
