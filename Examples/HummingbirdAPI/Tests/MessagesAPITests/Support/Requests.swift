import HTTPTypes
import Hummingbird
import HummingbirdTesting

extension TestClientProtocol {
    /// `GET path`, with `Authorization: Bearer token` when there is a token.
    func get(_ path: String, token: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: path, method: .get, headers: headers)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
