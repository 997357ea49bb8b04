import Foundation
import Testing
@testable import Core

/// The mapping of answers to results, and the network failures; the exchange with a live endpoint that checks
/// the request is in TokenClientExchangeTests.
@Suite struct TokenClientTests {
    let url = "http://127.0.0.1:1/oauth/v2/token"
    let grant = TokenGrant.clientCredentials(clientID: "billing-worker", clientSecret: "pa+ss/%:!")

    func json(_ status: Int, _ body: String) -> OutboundResponse {
        OutboundResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
    }

    @Test func okAnswerBecomesATokenResponse() throws {
        let response = try TokenClient.interpret(
            json(200, #"{"access_token":"at","token_type":"Bearer","expires_in":43199}"#), url: url, grant: grant)
        #expect(response.accessToken == "at" && response.expiresIn == 43199)
    }

    @Test(arguments: [
        (400, #"{"error":"invalid_client","error_description":"client not found"}"#, "invalid_client", "client not found"),
        (400, #"{"error":"invalid_request","error_description":"Errors.User.Machine.Secret.Invalid"}"#, "invalid_request",
         "Errors.User.Machine.Secret.Invalid"),
        (500, #"{"error":"server_error","error_description":"Errors.Internal"}"#, "server_error", "Errors.Internal"),
    ])
    func oauthErrorsKeepStatusErrorAndDescription(status: Int, body: String, error: String, detail: String) {
        #expect(throws: TokenEndpointError.rejected(url: url, status: status, error: error, errorDescription: detail,
                                                    grant: .clientCredentials)) {
            try TokenClient.interpret(json(status, body), url: url, grant: grant)
        }
    }

    @Test func anyNon200IsAFailureEvenWithATokenInside() {
        #expect(throws: TokenEndpointError.self) {
            try TokenClient.interpret(json(201, #"{"access_token":"at","token_type":"Bearer"}"#), url: url, grant: grant)
        }
    }

    @Test func htmlErrorPageIsNotJSONWithAPreview() {
        let page = OutboundResponse(status: 502, headers: ["Content-Type": "text/html"],
                                    body: Array("<html>\n<h1>502 Bad Gateway</h1>\n</html>".utf8))
        #expect(throws: TokenEndpointError.notJSON(url: url, status: 502, contentType: "text/html",
                                                   preview: "<html> <h1>502 Bad Gateway</h1> </html>")) {
            try TokenClient.interpret(page, url: url, grant: grant)
        }
    }

    @Test func previewIsWithheldWhenTheBodyEchoesTheSecret() {
        let echo = OutboundResponse(status: 400, body: Array("bad: pa%2Bss%2F%25%3A%21".utf8))
        #expect(TokenClient.preview(of: echo.body, hiding: grant) == "(not shown: it contains the credentials)")
        #expect(TokenClient.preview(of: Array(String(repeating: "x", count: 200).utf8), hiding: grant).count == 81)
    }

    @Test func okButNotJSONOrIncompleteAreDistinct() {
        #expect(throws: TokenEndpointError.notJSON(url: url, status: 200, contentType: "text/plain", preview: "")) {
            try TokenClient.interpret(OutboundResponse(status: 200, headers: ["content-type": "text/plain"],
                                                       body: Array("ok".utf8)), url: url, grant: grant)
        }
        #expect(throws: TokenEndpointError.malformedAnswer(url: url, problem: .missingField("access_token"))) {
            try TokenClient.interpret(json(200, #"{"token_type":"Bearer"}"#), url: url, grant: grant)
        }
    }

    @Test func refusedConnectionIsConnectionFailedNamingTheURL() async throws {
        let port = try SilentListener.closedPort()
        let tokenURL = try #require(URL(string: "http://127.0.0.1:\(port)/oauth/v2/token"))
        let client = TokenClient(tokenURL: tokenURL, http: HTTPClient(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(2))))
        do {
            _ = try await client.requestToken(grant: grant, scope: ["openid"])
            Issue.record("expected a failure")
        } catch {
            guard case .connectionFailed(let tried, let reason) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(tried == tokenURL.absoluteString)
            #expect(reason.contains("refused"))
            #expect(!error.description.contains("pa+ss"))
        }
    }

    @Test func silentEndpointTimesOut() async throws {
        let listener = try SilentListener()
        let tokenURL = try #require(URL(string: "http://127.0.0.1:\(listener.port)/oauth/v2/token"))
        let client = TokenClient(tokenURL: tokenURL, http: HTTPClient(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .milliseconds(300))))
        do {
            _ = try await client.requestToken(grant: grant, scope: ["openid"])
            Issue.record("expected a timeout")
        } catch {
            // Which of the client's two timers fires first depends on machine load; both mean "no answer in time".
            guard case .timedOut(let tried, let seconds) = error else { Issue.record("got \(error)"); return }
            #expect(tried == tokenURL.absoluteString)
            #expect(seconds == 0.3 || seconds == 5)
        }
    }
}

extension TokenClientTests {
    @Test func serverTextIsMadePrintableAndNeverEchoesTheSecret() {
        let hostile = OutboundResponse(status: 400, body: Array(
            #"{"error":"invalid_request\u001b[31m","error_description":"bad secret pa+ss/%:! here"}"#.utf8))
        #expect(throws: TokenEndpointError.rejected(url: url, status: 400, error: "invalid_request [31m",
                                                    errorDescription: "(not shown: it contains the credentials)",
                                                    grant: .clientCredentials)) {
            try TokenClient.interpret(hostile, url: url, grant: grant)
        }
    }
}
