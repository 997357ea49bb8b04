import Testing

@testable import Core

@Suite struct HTTPHandlerTests {
    @Test func closureHandlerAnswersWithItsClosure() async {
        let handler = HTTPClosureHandler { request in
            request.path == "/now" ? .response(HTTPResponse(status: 204)) : .deferred { HTTPResponse(status: 202) }
        }
        guard case .response(let immediate) = handler.handle(HTTPRequest(method: "GET", target: "/now")) else {
            Issue.record("expected an immediate response")
            return
        }
        #expect(immediate.status == 204)
        guard case .deferred(let work) = handler.handle(HTTPRequest(method: "GET", target: "/later")) else {
            Issue.record("expected a deferred response")
            return
        }
        #expect(await work().status == 202)
    }
}
