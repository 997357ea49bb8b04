/// One HTTP request as the server hands it to a handler: framing already checked, body complete.
///
/// `path` and `query` are split from `target` at the first `?` and are NOT percent-decoded, so a router compares
/// exactly the bytes the client sent. An absolute-form target (`http://host/p?q`, RFC 9112 §3.2.2) yields the path
/// `/p`; the asterisk-form (`OPTIONS *`) yields the path `*`.
public struct HTTPRequest: Sendable {
    public var method: String
    public var target: String
    public var path: String
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The IP address of the client the request came from (the connection's peer), e.g. `203.0.113.7` or
    /// `2001:db8::1`; nil for a request that did not come over a socket. Behind a proxy this is the proxy.
    public var remoteAddress: String?

    public init(
        method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = .init(),
        body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        (path, query) = Self.split(target: target)
    }

    static func split(target: String) -> (path: String, query: String?) {
        let bytes = Array(target.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            HTTPRequestParser.validateTarget(buffer, 0..<buffer.count, method: "OPTIONS")
                ?? HTTPRequestParser.splitPathAndQuery(buffer, 0..<buffer.count)
        }
    }
}

extension HTTPRequest {
    /// For the parser, which has split the target already.
    init(
        method: String, target: String, path: String, query: String?, version: HTTPVersion, headers: HTTPHeaders,
        body: [UInt8]
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
    }
}
