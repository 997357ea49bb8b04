import Testing

@testable import Core

@Suite struct HTTPResponseTests {
    @Test func errorBodyIsTheContractsJSON() {
        let response = HTTPResponse.error(status: 401, error: "invalid_token", description: "the token is \"expired\"\n")
        #expect(response.status == 401)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"error":"invalid_token","error_description":"the token is \"expired\"\n"}"#)
    }

    @Test func escapesControlCharactersAndBackslash() {
        #expect(HTTPResponse.jsonQuoted("a\\b\u{1}é") == #""a\\b\u0001é""#)
    }

    @Test func knowsTheReasonPhrases() {
        #expect(HTTPResponse.reasonPhrase(431) == "Request Header Fields Too Large")
        #expect(HTTPResponse.reasonPhrase(299) == "")
    }
}
