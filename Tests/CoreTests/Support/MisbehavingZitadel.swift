import Foundation
import Synchronization

@testable import Core

/// What the stand-in must never do, on a real socket: answers ZITADEL does not give (docs/zitadel.md), but that an
/// outage, a proxy, a rate limit or a wrong URL in between can produce — 5xx, 429, HTML or no JSON at all, an
/// answer too late for the client's timeout, a discovery document for another issuer, a token endpoint refusing in
/// a way ZITADEL never refuses that grant. Each endpoint answers what the test scripted, whatever it is asked; and
/// every request is recorded, for the few tests that must see exactly what a client sent.
///
/// Everything ZITADEL itself answers is tested against the real stand-in (`StandIn`).
final class MisbehavingZitadel: Sendable {
    enum Answer: Sendable {
        /// This status, Content-Type and body.
        case body(Int, contentType: String, String)
        /// The answer, but only after `delay` (past the client's timeout).
        indirect case late(Duration, Answer)

        static func json(_ status: Int, _ body: String) -> Answer { .body(status, contentType: "application/json", body) }
        /// A 200 that is not JSON: an HTML page from something in between.
        static let garbage = Answer.body(200, contentType: "text/html", "<html>this is not json")
    }

    /// A request as it arrived.
    struct Request: Sendable {
        var method: String
        var path: String
        var authorization: String?
        var contentType: String?
        var body: String
        var form: [(String, String)] { (try? FormURLEncoding.decode(body)) ?? [] }
    }

    /// What the handler reads and writes, shared with it (the server is made before `self` is complete).
    private final class State: Sendable {
        struct Script {
            var discovery: Answer?
            var token: Answer
            var introspection: Answer
        }

        let script: Mutex<Script>
        let received = Mutex<[Request]>([])
        let port = Mutex(0)

        init(_ script: Script) { self.script = Mutex(script) }

        func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
            received.withLock {
                $0.append(Request(
                    method: request.method, path: request.path, authorization: request.headers["Authorization"],
                    contentType: request.headers["Content-Type"], body: String(decoding: request.body, as: UTF8.self)))
            }
            let issuer = "http://127.0.0.1:\(port.withLock { $0 })"
            let scripted = script.withLock { script -> Answer? in
                switch request.path {
                case "/.well-known/openid-configuration": script.discovery ?? MisbehavingZitadel.discoveryDocument(issuer)
                case "/oauth/v2/token": script.token
                case "/oauth/v2/introspect": script.introspection
                default: nil
                }
            }
            return MisbehavingZitadel.result(scripted ?? .json(404, #"{"error":"not_found"}"#))
        }
    }

    private let state: State
    private let server: HTTPServer
    let port: Int

    var issuer: String { "http://127.0.0.1:\(port)" }
    var tokenURL: URL { URL(string: issuer + "/oauth/v2/token") ?? URL(fileURLWithPath: "/") }
    var introspectionURL: URL { URL(string: issuer + "/oauth/v2/introspect") ?? URL(fileURLWithPath: "/") }

    /// `discovery` nil serves a proper document naming this issuer's endpoints, so that a client that discovers
    /// reaches the scripted ones.
    init(discovery: Answer? = nil, token: Answer = .json(503, ""), introspection: Answer = .json(503, "")) throws {
        let state = State(.init(discovery: discovery, token: token, introspection: introspection))
        let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: HTTPClosureHandler(state.handle))
        let port = try server.start()
        state.port.withLock { $0 = port }
        (self.state, self.server, self.port) = (state, server, port)
    }

    func stop() async { await server.shutdown(gracePeriod: .seconds(2)) }

    /// From now on, the introspection endpoint answers this.
    func answerIntrospection(with answer: Answer) { state.script.withLock { $0.introspection = answer } }

    /// Every request so far, in order.
    var requests: [Request] { state.received.withLock { $0 } }
    func requests(to path: String) -> [Request] { requests.filter { $0.path == path } }

    fileprivate static func discoveryDocument(_ issuer: String) -> Answer {
        .json(200, #"{"issuer":"\#(issuer)","token_endpoint":"\#(issuer)/oauth/v2/token","#
            + #""introspection_endpoint":"\#(issuer)/oauth/v2/introspect","jwks_uri":"\#(issuer)/oauth/v2/keys"}"#)
    }

    fileprivate static func result(_ answer: Answer) -> HTTPHandlerResult {
        switch answer {
        case .body(let status, let contentType, let body):
            return .response(HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(body.utf8)))
        case .late(let delay, let answer):
            return .deferred {
                try? await Task.sleep(for: delay)
                switch result(answer) {
                case .response(let response): return response
                case .deferred(let work): return await work()
                }
            }
        }
    }
}
