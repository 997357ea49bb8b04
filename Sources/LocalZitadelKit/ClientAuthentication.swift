import Foundation
import Core

/// How a request to the token, introspection or revocation endpoint says who the client is, read the way ZITADEL's
/// OIDC library reads it (zitadel/oidc `parseClientCredentials`):
///
/// - `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))` (RFC 6749 §2.3.1), both parts URL-decoded;
/// - or `client_id` + `client_secret` in the form (client_secret_post);
/// - or `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` + `client_assertion`
///   (RFC 7523 §2.2, private_key_jwt).
///
/// RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request" — Basic together
/// with form credentials or an assertion is a 400. A header that is not well-formed Basic is ignored, as Go's
/// `Request.BasicAuth` ignores it.
public struct ClientAuthentication: Sendable, Equatable {
    public var clientID: String?
    public var clientSecret: String?
    public var clientAssertion: String?

    public static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// The form's and the header's client credentials, or the error reply ZITADEL gives.
    public static func parse(authorization: String?, form: FormFields) throws(OAuthErrorReply) -> ClientAuthentication {
        var result = ClientAuthentication(
            clientID: nonEmpty(form["client_id"]),
            clientSecret: nonEmpty(form["client_secret"]),
            clientAssertion: nonEmpty(form["client_assertion"])
        )
        let assertionType = form["client_assertion_type"] ?? ""
        let assertionAuth = result.clientAssertion != nil && !assertionType.isEmpty
        let secretAuth = result.clientID != nil && result.clientSecret != nil
        let tooMany = OAuthErrorReply(
            status: 400, error: "invalid_request",
            description: "client authentication must not use more than one method")
        if assertionAuth && secretAuth { throw tooMany }
        if let basic = basicCredentials(authorization) {
            if assertionAuth || secretAuth { throw tooMany }
            do {
                result.clientID = try FormFields.unescapeComponent(basic.id)
                result.clientSecret = try FormFields.unescapeComponent(basic.secret)
            } catch {
                throw OAuthErrorReply(status: 400, error: "invalid_client", description: "invalid basic auth header")
            }
        }
        if result.clientID == nil && result.clientAssertion == nil {
            throw OAuthErrorReply(
                status: 400, error: "invalid_request",
                description: "client_id or client_assertion must be provided")
        }
        if result.clientAssertion != nil && assertionType != Self.assertionType {
            throw OAuthErrorReply(
                status: 400, error: "invalid_request", description: "invalid client_assertion_type \(assertionType)")
        }
        return result
    }

    /// The raw (still URL-encoded) id and secret of a well-formed `Basic` header (RFC 7617 §2), else nil.
    static func basicCredentials(_ authorization: String?) -> (id: Substring, secret: Substring)? {
        guard let authorization, authorization.count > 6,
              authorization.prefix(6).lowercased() == "basic "
        else { return nil }
        guard let data = Data(base64Encoded: String(authorization.dropFirst(6))),
              let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (decoded[..<colon], decoded[decoded.index(after: colon)...])
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
