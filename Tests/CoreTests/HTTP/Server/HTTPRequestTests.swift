import Testing

@testable import Core

@Suite struct HTTPRequestTests {
    @Test(arguments: [
        ("/api/public", "/api/public", nil),
        ("/a?b=c?d", "/a", "b=c?d"),
        ("/a?", "/a", ""),
        ("http://h:8080/x/y?z", "/x/y", "z"),
        ("http://h", "/", nil),
        ("http://h?q", "/", "q"),
        ("*", "*", nil),
    ] as [(String, String, String?)])
    func splitsTheTargetIntoPathAndQuery(target: String, path: String, query: String?) {
        let request = HTTPRequest(method: "GET", target: target)
        #expect(request.path == path)
        #expect(request.query == query)
    }

    @Test func keepsPercentEncodingInThePath() {
        #expect(HTTPRequest(method: "GET", target: "/a%2Fb").path == "/a%2Fb")
    }
}
