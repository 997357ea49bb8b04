import Core
import Vapor

extension Response {
    /// A JSON answer written by Core's serializer, so the bytes are exactly those our other sample APIs send
    /// (`{"message":"…"}`, `Content-Type: application/json`); Vapor's `Content` would add `; charset=utf-8` and use
    /// its own encoder.
    ///
    /// - Parameter private: true for an answer that depends on the caller's token: `Cache-Control: no-store`, so that
    ///   no shared cache hands it to someone else (RFC 9111 §5.2.2.5).
    static func json(_ value: JSONValue, status: HTTPResponseStatus = .ok, private: Bool) -> Response {
        let response = Response(status: status, body: .init(string: value.serializedString))
        response.headers.replaceOrAdd(name: .contentType, value: "application/json")
        if `private` { response.headers.replaceOrAdd(name: .cacheControl, value: "no-store") }
        return response
    }

    /// `{"error":"…","error_description":"…"}`, the error body every route of our APIs uses.
    static func error(_ status: HTTPResponseStatus, _ error: String, description: String) -> Response {
        .json(["error": .string(error), "error_description": .string(description)], status: status, private: true)
    }
}
