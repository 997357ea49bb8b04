import Foundation

/// Calls a protected resource with an access token in `Authorization: Bearer` (RFC 6750 §2.1) and describes the
/// answer in one line, `GET /api/private -> 200 {"message":"…"}`, the clients' `--call` output.
///
/// Any HTTP status is a result (a 401 or 403 is what the caller came to see); only "no answer" is an error.
public struct BearerCall: Sendable {
    /// The three routes of the sample APIs, in the order the clients call them.
    public static let sampleRoutes = ["/api/public", "/api/private", "/api/private-scoped"]

    private let token: String
    private let http: HTTPClient

    public init(token: String, http: HTTPClient = HTTPClient()) {
        self.token = token
        self.http = http
    }

    /// `GET base + path` with the token; returns the one-line description of the answer.
    public func get(_ path: String, on base: URL) async throws(HTTPClientError) -> String {
        let url = Self.join(base, path)
        let request = OutboundRequest(url: url, headers: [("Authorization", "Bearer \(token)"),
                                                         ("Accept", "application/json")])
        let response = try await http.send(request)
        return Self.line(method: "GET", path: path, response: response)
    }

    /// `base` with `path` appended, whether or not `base` ends in `/` (`http://h:5000` + `/api/public`).
    public static func join(_ base: URL, _ path: String) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + path) ?? base.appendingPathComponent(path)
    }

    /// `METHOD PATH -> STATUS BODY`, the body on one line (line breaks become spaces, trailing ones dropped).
    public static func line(method: String, path: String, response: OutboundResponse) -> String {
        let body = response.bodyText.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "\(method) \(path) -> \(response.status)" + (body.isEmpty ? "" : " \(body)")
    }
}
