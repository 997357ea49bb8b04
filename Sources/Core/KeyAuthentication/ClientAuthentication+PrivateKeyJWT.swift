extension ClientAuthentication {
    /// RFC 7523 §2.2 `client_assertion_type` for a JWT client assertion.
    static let jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// RFC 7523 §2.2 client assertion signed with the API application's key (`private_key_jwt`): the form fields
    /// `client_assertion_type` and `client_assertion`, the assertion reused until shortly before it expires
    /// (`ClientAssertionIssuer`).
    public static func privateKeyJWT(_ issuer: ClientAssertionIssuer) -> ClientAuthentication {
        ClientAuthentication(
            description: "private_key_jwt (client id \(issuer.clientID), key id \(issuer.keyID))"
        ) { endpoint throws(IntrospectionError) in
            do throws(ClientAssertionError) {
                let assertion = try issuer.assertion()
                return ([], [("client_assertion_type", jwtBearerAssertionType), ("client_assertion", assertion)])
            } catch {
                throw .requestRejected(endpoint: endpoint, reason: error.description)
            }
        }
    }
}
