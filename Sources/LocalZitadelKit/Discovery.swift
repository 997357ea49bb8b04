import Core

/// `GET /.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4, RFC 8414) and
/// `GET /oauth/v2/keys` (the JWK Set of RFC 7517 §5), with the fields the samples read (docs/zitadel.md, "Issuer
/// and endpoints").
extension ZitadelStandIn {
    public func discoveryDocument() -> Reply {
        let rs256: JSONValue = .array([.string("RS256")])
        let strings = { (values: [String]) in JSONValue.array(values.map(JSONValue.string)) }
        let document: [String: JSONValue] = [
            "issuer": .string(issuer),
            "token_endpoint": .string(issuer + Path.token),
            "introspection_endpoint": .string(issuer + Path.introspection),
            "revocation_endpoint": .string(issuer + Path.revocation),
            "jwks_uri": .string(issuer + Path.keys),
            "userinfo_endpoint": .string(issuer + "/oidc/v1/userinfo"),
            "scopes_supported": strings(["openid", "profile", "email", "phone", "address", "offline_access"]),
            "response_types_supported": strings(["code", "id_token", "id_token token"]),
            "grant_types_supported": strings(["client_credentials", Self.jwtBearerGrant]),
            "subject_types_supported": strings(["public"]),
            "id_token_signing_alg_values_supported": rs256,
            "token_endpoint_auth_methods_supported":
                strings(["none", "client_secret_basic", "client_secret_post", "private_key_jwt"]),
            "token_endpoint_auth_signing_alg_values_supported": rs256,
            "introspection_endpoint_auth_methods_supported": strings(["client_secret_basic", "private_key_jwt"]),
            "introspection_endpoint_auth_signing_alg_values_supported": rs256,
            "revocation_endpoint_auth_methods_supported":
                strings(["none", "client_secret_basic", "client_secret_post", "private_key_jwt"]),
            "revocation_endpoint_auth_signing_alg_values_supported": rs256,
            "claims_supported":
                strings(["sub", "aud", "exp", "iat", "iss", "jti", "nbf", "name", "preferred_username"]),
        ]
        return .json(.object(document))
    }

    /// The public half of the instance's signing key: the key that verifies its JWT access tokens and id tokens.
    public func keySet() -> Reply {
        let key = instance.signingKey
        let jwk: JSONValue = .object([
            "use": .string("sig"),
            "kty": .string("RSA"),
            "kid": .string(key.keyID),
            "alg": .string("RS256"),
            "n": .string(Base64URL.encode(key.publicKey.modulusBytes)),
            "e": .string(Base64URL.encode(key.publicKey.publicExponentBytes)),
        ])
        return .json(.object(["keys": .array([jwk])]))
    }
}
