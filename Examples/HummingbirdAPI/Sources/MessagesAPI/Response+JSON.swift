import Core
import Hummingbird
import HTTPTypes

extension Response {
    /// The answer to a refused request, exactly as `Refusal` says: its status, every header it lists
    /// (`Content-Type`, `Cache-Control: no-store`, `WWW-Authenticate`, `Retry-After`) and its JSON body. Which
    /// status a refusal gets is decided there, never here.
    public init(refusal: Refusal) {
        var headers = HTTPFields()
        for field in refusal.headers {
            // Refusal's header names are fixed, valid field names; the check only satisfies the type.
            guard let name = HTTPField.Name(field.name) else { continue }
            headers.append(HTTPField(name: name, value: field.value))
        }
        self.init(
            status: .init(code: refusal.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: refusal.body)))
    }

    /// A JSON answer. `noStore` adds `Cache-Control: no-store`, for answers that depend on the caller's token
    /// (RFC 9111 §5.2.2.5: shared caches must not keep them).
    static func json(status: HTTPTypes.HTTPResponse.Status = .ok, _ body: ByteBuffer, noStore: Bool) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if noStore { headers[.cacheControl] = "no-store" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The error body every sample API uses: `{"error":"…","error_description":"…"}`.
    static func jsonError(status: HTTPTypes.HTTPResponse.Status, error: String, description: String) -> Response {
        let body = JSONValue.object(["error": .string(error), "error_description": .string(description)])
        return .json(status: status, ByteBuffer(string: body.serializedString), noStore: true)
    }
}
