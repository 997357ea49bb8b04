/// What a client presents to the token endpoint to get an access token, for the two grants a ZITADEL service
/// user can use. Built fresh for each request (a JWT-bearer assertion carries `iat`/`exp`).
///
/// Invariant: the credentials go to exactly one place — the assertion in the body (RFC 7523 §2.1, no client
/// authentication), or the client id and secret in the `Authorization: Basic` header (RFC 6749 §2.3.1), never also
/// in the body; ZITADEL answers 400 when both are sent. Descriptions never show the assertion or the secret.
public enum TokenGrant: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// RFC 7523 §2.1: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWS>&scope=…`.
    case jwtBearer(assertion: String)
    /// RFC 6749 §4.4.2: `grant_type=client_credentials&scope=…`, the client authenticated with Basic.
    /// For ZITADEL the client id is the service user's **username**.
    case clientCredentials(clientID: String, clientSecret: String)

    /// The grant without its secrets, for hints and messages.
    public enum Kind: Sendable, Equatable {
        case jwtBearer, clientCredentials
    }

    public static let jwtBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    public var kind: Kind {
        switch self {
        case .jwtBearer: .jwtBearer
        case .clientCredentials: .clientCredentials
        }
    }

    /// The form parameters, in order. `scope` is the space-separated list (RFC 6749 §3.3); ZITADEL rejects an
    /// empty one, so it is sent even when empty and the server's answer explains.
    public func formParameters(scope: String) -> [(name: String, value: String)] {
        switch self {
        case .jwtBearer(let assertion):
            [("grant_type", Self.jwtBearerGrantType), ("assertion", assertion), ("scope", scope)]
        case .clientCredentials:
            [("grant_type", "client_credentials"), ("scope", scope)]
        }
    }

    /// The client id and secret for `Authorization: Basic`, or nil when the grant uses no client authentication.
    public var basicCredentials: (clientID: String, clientSecret: String)? {
        switch self {
        case .jwtBearer: nil
        case .clientCredentials(let clientID, let clientSecret): (clientID, clientSecret)
        }
    }

    public var description: String {
        switch self {
        case .jwtBearer: "TokenGrant.jwtBearer(assertion: <redacted>)"
        case .clientCredentials(let clientID, _): "TokenGrant.clientCredentials(clientID: \(clientID), clientSecret: <redacted>)"
        }
    }

    public var debugDescription: String { description }

    /// `dump` and the debugger show the redacted description, not the associated values.
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
