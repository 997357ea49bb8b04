import Foundation

/// A request this process sends to another server (ZITADEL's token, introspection or discovery endpoint, or a
/// sample API). Distinct from the server's `HTTPRequest`, which describes what arrives on our own socket.
public struct OutboundRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    /// Sent in this order; names as given.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String = "GET", url: URL, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A `POST` of an `application/x-www-form-urlencoded` body (RFC 6749 Appendix B), as every OAuth endpoint takes.
    public static func formPost(url: URL, fields: [(String, String)], headers: [(name: String, value: String)] = [])
        -> OutboundRequest
    {
        OutboundRequest(
            method: "POST", url: url,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")] + headers,
            body: Array(FormURLEncoding.encode(fields).utf8))
    }

    public static func == (lhs: OutboundRequest, rhs: OutboundRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.elementsEqual(rhs.headers, by: { $0.name == $1.name && $0.value == $1.value })
    }
}
