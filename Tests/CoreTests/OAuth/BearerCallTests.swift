import Foundation
import Testing
@testable import Core

@Suite struct BearerCallTests {
    @Test func lineShowsMethodPathStatusAndBodyOnOneLine() {
        let response = OutboundResponse(status: 200, body: Array("{\"message\":\"Private route\"}\n".utf8))
        #expect(BearerCall.line(method: "GET", path: "/api/private", response: response)
            == #"GET /api/private -> 200 {"message":"Private route"}"#)
        let multiline = OutboundResponse(status: 403, body: Array("{\n  \"error\": \"insufficient_scope\"\n}\n".utf8))
        #expect(BearerCall.line(method: "GET", path: "/x", response: multiline)
            == #"GET /x -> 403 {   "error": "insufficient_scope" }"#)
        #expect(BearerCall.line(method: "GET", path: "/x", response: OutboundResponse(status: 204)) == "GET /x -> 204")
    }

    @Test(arguments: ["http://localhost:5000", "http://localhost:5000/", "http://localhost:5000//"])
    func joinAddsThePathWithExactlyOneSlash(base: String) throws {
        let url = BearerCall.join(try #require(URL(string: base)), "/api/public")
        #expect(url.absoluteString == "http://localhost:5000/api/public")
    }

    @Test func unreachableAPIIsAnErrorNamingTheURL() async throws {
        let port = try SilentListener.closedPort()
        let base = try #require(URL(string: "http://127.0.0.1:\(port)"))
        let call = BearerCall(token: "t", http: HTTPClient(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(2))))
        await #expect(throws: HTTPClientError.self) { try await call.get("/api/public", on: base) }
    }
}
