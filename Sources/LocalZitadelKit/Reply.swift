import Core

/// What an endpoint of the stand-in answers, before it becomes an HTTP response: a status, a JSON body (or none),
/// and who asked, for the request log. Never carries a secret outside `body`.
public struct Reply: Sendable, Equatable {
    public var status: Int
    public var body: JSONValue?
    /// Who asked (a client id or username) or why a request was refused, for the log; never a secret.
    public var principal: String?
    /// Extra response headers (`Allow` on a 405).
    public var headers: [String: String] = [:]

    public init(status: Int, body: JSONValue?, principal: String? = nil, headers: [String: String] = [:]) {
        self.status = status
        self.body = body
        self.principal = principal
        self.headers = headers
    }

    public static func json(_ body: JSONValue, status: Int = 200, principal: String? = nil) -> Reply {
        Reply(status: status, body: body, principal: principal)
    }
}

/// An OAuth error answer (RFC 6749 §5.2): `{"error":"…","error_description":"…"}`, the description left out when
/// ZITADEL leaves it out (introspection's `unauthorized_client`).
public struct OAuthErrorReply: Error, Sendable, Equatable {
    public var status: Int
    public var error: String
    public var description: String?

    public init(status: Int, error: String, description: String? = nil) {
        self.status = status
        self.error = error
        self.description = description
    }

    public func reply(principal: String? = nil) -> Reply {
        var fields: [String: JSONValue] = ["error": .string(error)]
        if let description { fields["error_description"] = .string(description) }
        return Reply(status: status, body: .object(fields), principal: principal)
    }

    /// ZITADEL answers every refused assertion of the JWT-bearer grant with this (an open ZITADEL bug; the
    /// clients must treat any non-200 as failure).
    public static let internalError = OAuthErrorReply(
        status: 500, error: "server_error", description: "Errors.Internal")
}
