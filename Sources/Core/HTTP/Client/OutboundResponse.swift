/// What another server answered: status, headers and the whole body.
public struct OutboundResponse: Sendable, Equatable {
    public var status: Int
    /// Header names lowercased (HTTP field names are case-insensitive, RFC 9110 §5.1).
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// The value of header `name`, whatever its case.
    public subscript(header name: String) -> String? { headers[name.lowercased()] }

    /// The body as UTF-8 text (invalid sequences replaced), for messages.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
