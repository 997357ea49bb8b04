import Core
import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct StandInHTTPHandlerTests {
        func response(_ result: HTTPHandlerResult) async -> HTTPResponse {
            switch result {
            case .response(let response): response
            case .deferred(let work): await work()
            }
        }

        @Test func answersServiceUnavailableUntilTheStandInIsAttached() async throws {
            let handler = StandInHTTPHandler(log: { _ in })
            let before = await response(handler.handle(HTTPRequest(method: "GET", target: "/oauth/v2/keys")))
            #expect(before.status == 503)
            handler.attach(try StandInFixture().standIn)
            let after = await response(handler.handle(HTTPRequest(method: "GET", target: "/oauth/v2/keys")))
            #expect(after.status == 200)
        }

        @Test func jsonAnswersEndWithANewlineAndAreNotCached() async throws {
            let handler = StandInHTTPHandler(log: { _ in })
            handler.attach(try StandInFixture().standIn)
            let answer = await response(handler.handle(HTTPRequest(
                method: "POST", target: "/oauth/v2/introspect?ignored=1",
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("token=x".utf8))))
            #expect(answer.status == 400)
            #expect(answer.headers["Content-Type"] == "application/json")
            #expect(answer.headers["Cache-Control"] == "no-store")
            #expect(answer.body.last == UInt8(ascii: "\n"))
            #expect(try JSONValue.parse(answer.body)["error"] == "invalid_request")
        }

        @Test func oneLogLinePerRequestWithoutTheQuery() async throws {
            let lines = LogLines()
            let handler = StandInHTTPHandler(log: { lines.append($0) })
            handler.attach(try StandInFixture().standIn)
            _ = await response(handler.handle(HTTPRequest(method: "GET", target: "/nope?token=secret")))
            #expect(lines.all.count == 1)
            #expect(lines.all.first?.hasPrefix("GET /nope 404") == true)
            #expect(lines.all.first?.contains("secret") == false)
        }
    }
}

import Synchronization

final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
