import Foundation

/// `client_secret_basic` (RFC 6749 §2.3.1): the client id and secret are each form-urlencoded (Appendix B) first,
/// then joined with `:` and base64-encoded (RFC 7617). ZITADEL URL-decodes both halves, so a secret containing
/// `+ / % : !` only survives when encoded this way; plain RFC 7617 Basic would turn its `+` into a space.
public enum ClientSecretBasic {
    /// The value of the `Authorization` header: `Basic <base64>`.
    public static func authorizationHeader(clientID: String, secret: String) -> String {
        let joined = FormURLEncoding.encode(component: clientID) + ":" + FormURLEncoding.encode(component: secret)
        return "Basic " + Data(joined.utf8).base64EncodedString()
    }
}
