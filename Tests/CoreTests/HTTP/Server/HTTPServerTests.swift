import Foundation
import Synchronization
import Testing

@testable import Core

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lets a test decide when deferred handlers finish and see how many run at once, so that tests assert the order
/// of events instead of hoping a sleep was long enough (on a loaded machine it may not be). Every wait is bounded.
private final class HandlerGate: Sendable {
    private struct State {
        var isOpen = false
        var inside = 0
        var arrived = 0
    }
    private let state = Mutex(State())

    var isOpen: Bool { state.withLock { $0.isOpen } }
    /// Handlers waiting at the gate right now.
    var inside: Int { state.withLock { $0.inside } }

    func open() { state.withLock { $0.isOpen = true } }

    /// A handler waits here until the test opens the gate (at most `RawHTTPClient.patience`); true if it was opened.
    func pass() async -> Bool {
        state.withLock { $0.inside += 1 }
        defer { state.withLock { $0.inside -= 1 } }
        let deadline = ContinuousClock.now + RawHTTPClient.patience
        while !isOpen && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return isOpen
    }

    /// A handler waits here until `count` handlers have arrived (at most `RawHTTPClient.patience`); true if they
    /// all did, which proves they ran at the same time.
    func meet(_ count: Int) async -> Bool {
        state.withLock { $0.arrived += 1 }
        let deadline = ContinuousClock.now + RawHTTPClient.patience
        while state.withLock({ $0.arrived }) < count && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return state.withLock { $0.arrived } >= count
    }

    /// Blocking, for test code that runs off the cooperative pool: waits until `count` handlers are inside.
    func waitUntilInside(_ count: Int) -> Bool {
        let deadline = ContinuousClock.now + RawHTTPClient.patience
        while inside < count && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
        return inside >= count
    }
}

/// Routes for the server tests. `/slow?ms=N` is deferred and answers after N ms; `/big?bytes=N` answers N bytes;
/// `/hold` is deferred until the test opens `gate`; `/meet?n=N` is deferred until N handlers wait together.
private struct TestRoutes: HTTPHandler {
    var gate = HandlerGate()

    func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
        let number = Int(request.query?.split(separator: "=").last ?? "") ?? 0
        switch request.path {
        case "/hold":
            return .deferred { [gate] in
                HTTPResponse(status: 200, body: Array((await gate.pass() ? "released" : "never released").utf8))
            }
        case "/meet":
            return .deferred { [gate] in
                HTTPResponse(status: 200, body: Array((await gate.meet(number) ? "together" : "alone").utf8))
            }
        case "/hello":
            return .response(HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("hello".utf8)))
        case "/slow":
            return .deferred {
                try? await Task.sleep(for: .milliseconds(number))
                return HTTPResponse(status: 200, body: Array("slow \(number)".utf8))
            }
        case "/big":
            return .response(HTTPResponse(status: 200, body: [UInt8](repeating: UInt8(ascii: "x"), count: number)))
        case "/echo":
            return .response(HTTPResponse(status: 200, body: request.body))
        default:
            return .response(.error(status: 404, error: "not_found", description: "no such route"))
        }
    }
}

/// Starts a server on 127.0.0.1 port 0, runs `body`, opens the gate and shuts the server down.
private func withServer(
    _ configure: (inout HTTPServer.Configuration) -> Void = { _ in },
    _ body: (_ port: Int, _ server: HTTPServer, _ gate: HandlerGate) async throws -> Void
) async throws {
    var configuration = HTTPServer.Configuration()
    configuration.eventLoopCount = 2
    configure(&configuration)
    let routes = TestRoutes()
    let server = HTTPServer(configuration: configuration, handler: routes)
    let port = try server.start()
    do {
        try await body(port, server, routes.gate)
    } catch {
        routes.gate.open()
        await server.shutdown(gracePeriod: .milliseconds(100))
        throw error
    }
    routes.gate.open()
    await server.shutdown(gracePeriod: .milliseconds(100))
}

/// Every timeout but the one a test is about, set far beyond what the test waits, so that only that one can act.
private func onlyTimeout(_ keep: WritableKeyPath<HTTPServer.Configuration, Duration>, _ value: Duration)
    -> (inout HTTPServer.Configuration) -> Void
{
    { configuration in
        for path in [\HTTPServer.Configuration.headerTimeout, \.bodyTimeout, \.idleTimeout, \.writeTimeout, \.lingerTimeout] {
            configuration[keyPath: path] = .seconds(300)
        }
        configuration[keyPath: keep] = value
    }
}

/// Sends `raw` on a fresh connection and reads until the server closes (bounded).
private func exchange(_ raw: String, port: Int, timeout: Duration = RawHTTPClient.patience) async throws -> (
    response: RawHTTPClient.Response?, closed: Bool
) {
    try await offCooperativePool {
        let client = try RawHTTPClient(port: port)
        client.send(raw)
        let response = client.readResponse(timeout: timeout)
        let (rest, closed) = client.readUntilClose(timeout: timeout)
        return (response, closed && rest.isEmpty)
    }
}

@Suite struct HTTPServerTests {
    @Test func answersGetWithDateAndContentLength() async throws {
        try await withServer { port, _, _ in
            let (response, closed) = try await exchange(
                "GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", port: port)
            let answer = try #require(response)
            #expect(answer.status == 200)
            #expect(answer.bodyText == "hello")
            #expect(answer.header("Content-Length") == "5")
            #expect(answer.header("Content-Type") == "text/plain")
            let date = try #require(answer.header("Date"))
            #expect(date.hasSuffix(" GMT") && date.count == 29)
            #expect(answer.header("Connection") == "close")
            #expect(closed)
        }
    }

    @Test func keepsTheConnectionOpenBetweenRequests() async throws {
        try await withServer { port, _, _ in
            let statuses = try await offCooperativePool { () -> [Int?] in
                let client = try RawHTTPClient(port: port)
                client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let first = client.readResponse()
                client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
                let second = client.readResponse()
                return [first?.status, second?.status, first?.header("Connection") == nil ? 1 : 0]
            }
            #expect(statuses == [200, 404, 1])
        }
    }

    /// RFC 9112 §9.3.2: responses in request order, even when the first one is deferred and the next are immediate.
    @Test func answersPipelinedRequestsInOrderBehindADeferredOne() async throws {
        try await withServer { port, _, _ in
            let bodies = try await offCooperativePool { () -> [String] in
                let client = try RawHTTPClient(port: port)
                client.send(
                    "GET /slow?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /slow?ms=10 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                var bodies: [String] = []
                while let response = client.readResponse() { bodies.append(response.bodyText) }
                bodies.append(client.sawClose ? "closed" : "open")
                return bodies
            }
            #expect(bodies == ["slow 300", "hello", "slow 10", "closed"])
        }
    }

    /// More pipelined requests than `maxPipelinedRequests`: the server stops reading until responses go out, and
    /// still answers every one, in order.
    @Test func answersALongPipelineInOrder() async throws {
        try await withServer({ $0.maxPipelinedRequests = 4 }) { port, _, _ in
            let bodies = try await offCooperativePool { () -> [String] in
                let client = try RawHTTPClient(port: port)
                var raw = ""
                for index in 0..<30 {
                    raw += index % 3 == 0 ? "GET /slow?ms=\(index) HTTP/1.1\r\nHost: x\r\n\r\n" : "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                }
                client.send(raw)
                return (0..<30).compactMap { _ in client.readResponse()?.bodyText }
            }
            #expect(bodies == (0..<30).map { $0 % 3 == 0 ? "slow \($0)" : "hello" })
        }
    }

    /// Pipelined requests with large responses: the server parses more only as the client takes the output.
    @Test func answersPipelinedRequestsWithLargeResponses() async throws {
        try await withServer { port, _, _ in
            let sizes = try await offCooperativePool { () -> [Int] in
                let client = try RawHTTPClient(port: port)
                client.send(String(repeating: "GET /big?bytes=200000 HTTP/1.1\r\nHost: x\r\n\r\n", count: 12))
                return (0..<12).compactMap { _ in client.readResponse()?.body.count }
            }
            #expect(sizes == Array(repeating: 200_000, count: 12))
        }
    }

    /// A client that half-closes after its requests still gets every answer, then the connection closes.
    @Test func answersAClientThatHalfClosedAfterSending() async throws {
        try await withServer { port, _, _ in
            let result = try await offCooperativePool { () -> [String] in
                let client = try RawHTTPClient(port: port)
                client.send("GET /slow?ms=100 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                client.shutdownWrite()
                let bodies = [client.readResponse()?.bodyText ?? "-", client.readResponse()?.bodyText ?? "-"]
                return bodies + [client.readUntilClose().closed ? "closed" : "open"]
            }
            #expect(result == ["slow 100", "hello", "closed"])
        }
    }

    /// The connection closes while its handler runs; the late response is dropped and the server carries on.
    @Test func dropsTheDeferredResponseOfAClosedConnection() async throws {
        try await withServer({ $0.eventLoopCount = 1 }) { port, _, _ in
            let status = try await offCooperativePool { () -> Int? in
                do {
                    let gone = try RawHTTPClient(port: port)
                    gone.send("GET /slow?ms=200 HTTP/1.1\r\nHost: x\r\n\r\n")
                }
                // A new connection likely reuses the descriptor number; it must not receive the old response.
                let client = try RawHTTPClient(port: port)
                Thread.sleep(forTimeInterval: 0.4)
                client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = client.readResponse()
                return response?.bodyText == "hello" ? response?.status : nil
            }
            #expect(status == 200)
        }
    }

    /// Six deferred handlers, each waiting until all six are running: they can only all answer "together" if the
    /// server runs them at the same time (one after the other, each would give up alone).
    @Test func deferredHandlersRunConcurrently() async throws {
        try await withServer { port, _, _ in
            let bodies = try await offCooperativePool { () -> [String?] in
                let clients = try (0..<6).map { _ in try RawHTTPClient(port: port) }
                for client in clients { client.send("GET /meet?n=6 HTTP/1.1\r\nHost: x\r\n\r\n") }
                return clients.map { $0.readResponse()?.bodyText }
            }
            #expect(bodies == Array(repeating: "together", count: 6))
        }
    }

    @Test func headIsAnsweredWithoutBodyButWithTheGetLength() async throws {
        try await withServer { port, _, _ in
            let result = try await offCooperativePool { () -> (RawHTTPClient.Response?, [UInt8]) in
                let client = try RawHTTPClient(port: port)
                client.send("HEAD /big?bytes=1234 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                let response = client.readResponse(isHead: true)
                return (response, client.readUntilClose().bytes)
            }
            let response = try #require(result.0)
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == "1234")
            #expect(result.1.isEmpty)
        }
    }

    @Test func headOfADeferredResponseHasNoBodyEither() async throws {
        try await withServer { port, _, _ in
            let result = try await offCooperativePool { () -> (RawHTTPClient.Response?, RawHTTPClient.Response?) in
                let client = try RawHTTPClient(port: port)
                client.send("HEAD /slow?ms=50 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                return (client.readResponse(isHead: true), client.readResponse())
            }
            #expect(result.0?.header("Content-Length") == "7")  // "slow 50"
            #expect(result.1?.bodyText == "hello")  // the next response starts right after the HEAD's head
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await withServer { port, _, _ in
            let (response, closed) = try await exchange("GET /hello HTTP/1.0\r\n\r\n", port: port)
            #expect(response?.status == 200)
            #expect(response?.header("Connection") == "close")
            #expect(closed)

            let kept = try await offCooperativePool { () -> [String?] in
                let client = try RawHTTPClient(port: port)
                client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let first = client.readResponse()
                client.send("GET /hello HTTP/1.0\r\n\r\n")
                let second = client.readResponse()
                return [first?.header("Connection"), second?.header("Connection"), client.readUntilClose().closed ? "closed" : nil]
            }
            #expect(kept == ["keep-alive", "close", "closed"])
        }
    }

    @Test func echoesABodyFramedByContentLength() async throws {
        try await withServer { port, _, _ in
            let (response, _) = try await exchange(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world", port: port)
            #expect(response?.bodyText == "hello world")
        }
    }

    @Test func expectContinueGets100BeforeTheBody() async throws {
        try await withServer { port, _, _ in
            let statuses = try await offCooperativePool { () -> [Int?] in
                let client = try RawHTTPClient(port: port)
                client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
                let interim = client.readResponse()
                client.send("abc")
                let final = client.readResponse()
                return [interim?.status, final?.status, final?.body.count]
            }
            #expect(statuses == [100, 200, 3])
        }
    }

    /// Each framing rule: the exact status, a JSON error body, and the connection closed.
    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: x\n\n", 400),  // bare LF (RFC 9112 §2.2: we reject)
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n", 400),  // obs-fold (§5.2)
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501),  // no codings (§6.1)
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc", 400),  // §6.1
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),  // conflicting
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\nabcd", 400),  // conflicting list
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),  // invalid
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n", 400),  // invalid
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", 400),  // NUL in value
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400),  // bare CR in value
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n", 400),  // control in value
        ("GET / HTTP/1.1\r\nHost: x\r\nBad Name: x\r\n\r\n", 400),  // space in field name
        ("GET / HTTP/1.1\r\nHost: x\r\nName : x\r\n\r\n", 400),  // whitespace before colon (§5.1)
        ("GET / HTTP/1.1\r\nHost: x\r\n: x\r\n\r\n", 400),  // empty name
        ("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400),
        ("G\u{1}T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // control character in method
        ("GE(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // not a token
        ("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // space in target
        ("GET /a<b> HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // invalid target character
        ("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // bad percent-encoding
        ("GET a/b HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // not origin-form
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // double space
        ("GET / HTTP/1.1\r\n\r\n", 400),  // no Host (§3.2)
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),  // two Hosts
        ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),  // invalid Host
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505),
        ("GET / http/1.1\r\nHost: x\r\n\r\n", 400),
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n", 501),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n", 413),
        ("GET /\(String(repeating: "a", count: 8 * 1024)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Long: \(String(repeating: "a", count: 16 * 1024))\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-Big: \(String(repeating: "b", count: 1000))\r\n", count: 70) + "\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-Many: 1\r\n", count: 100) + "\r\n", 431),
    ])
    func malformedRequestIsAnsweredWithItsStatusAndClosed(raw: String, status: Int) async throws {
        try await withServer { port, _, _ in
            let (response, closed) = try await exchange(raw, port: port)
            let answer = try #require(response)
            #expect(answer.status == status)
            #expect(answer.header("Connection") == "close")
            #expect(answer.header("Content-Type") == "application/json")
            #expect(answer.bodyText.hasPrefix(#"{"error":""#) && answer.bodyText.contains(#""error_description":""#))
            #expect(closed)
        }
    }

    @Test func limitsAcceptRequestsRightAtTheBoundary() async throws {
        try await withServer { port, _, _ in
            let target = "/hello?" + String(repeating: "a", count: 8 * 1024 - "GET /hello? HTTP/1.1".count)
            let (line, _) = try await exchange("GET \(target) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
            #expect(line?.status == 200)
            let headers = String(repeating: "X-Many: 1\r\n", count: 98)
            let (many, _) = try await exchange(
                "GET /hello HTTP/1.1\r\nHost: x\r\n\(headers)Connection: close\r\n\r\n", port: port)
            #expect(many?.status == 200)
            let body = String(repeating: "z", count: 1024 * 1024)
            let (large, _) = try await exchange(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)",
                port: port)
            #expect(large?.status == 200)
            #expect(large?.body.count == 1024 * 1024)
        }
    }

    /// Slowloris: the whole header block must arrive within the header timeout, however it trickles in.
    /// The client keeps sending a header line every 0.1 s, for as long as it takes (bounded): only a deadline for
    /// the whole header block, not one per line, can end that. Every other timeout is far beyond the wait.
    @Test func tricklingHeadersAreCutOffByTheHeaderDeadline() async throws {
        try await withServer(onlyTimeout(\.headerTimeout, .seconds(1))) { port, _, _ in
            let (status, closed, elapsed) = try await offCooperativePool { () -> (Int?, Bool, Double) in
                let start = Date()
                let client = try RawHTTPClient(port: port)
                client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
                var response: RawHTTPClient.Response?
                var index = 0
                while response == nil && Date().timeIntervalSince(start) < RawHTTPClient.patience.seconds {
                    response = client.readResponse(timeout: .milliseconds(100))
                    if response == nil && !client.send("X-Trickle-\(index): 1\r\n") { break }
                    index += 1
                }
                if response == nil { response = client.readResponse() }
                let elapsed = Date().timeIntervalSince(start)
                return (response?.status, client.readUntilClose().closed, elapsed)
            }
            #expect(status == 408)
            #expect(closed)
            #expect(elapsed >= 0.9, "not before the deadline")
        }
    }

    @Test func aBodyThatStopsArrivingIsCutOffByTheBodyDeadline() async throws {
        try await withServer({ $0.bodyTimeout = .seconds(1) }) { port, _, _ in
            let (response, closed) = try await exchange(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab", port: port)
            #expect(response?.status == 408)
            #expect(response?.bodyText.contains("body") == true)
            #expect(closed)
        }
    }

    /// Closed by the header timeout: every other timeout is far beyond the test's wait, so only it can close.
    @Test func aConnectionThatNeverSendsIsClosedAfterTheHeaderTimeout() async throws {
        try await withServer(onlyTimeout(\.headerTimeout, .seconds(1))) { port, _, _ in
            let (closed, elapsed) = try await offCooperativePool { () -> (Bool, Double) in
                let start = Date()
                let client = try RawHTTPClient(port: port)
                let closed = client.readUntilClose().closed
                return (closed, Date().timeIntervalSince(start))
            }
            #expect(closed)
            #expect(elapsed >= 0.9, "not before the timeout")
        }
    }

    /// Closed by the idle timeout: every other timeout is far beyond the test's wait, so only it can close.
    @Test func idleKeepAliveConnectionIsClosed() async throws {
        try await withServer(onlyTimeout(\.idleTimeout, .seconds(1))) { port, _, _ in
            let (status, closed, elapsed) = try await offCooperativePool { () -> (Int?, Bool, Double) in
                let client = try RawHTTPClient(port: port)
                client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = client.readResponse()
                let start = Date()
                let (rest, closed) = client.readUntilClose()
                return (rest.isEmpty ? response?.status : nil, closed, Date().timeIntervalSince(start))
            }
            #expect(status == 200)
            #expect(closed)
            #expect(elapsed >= 0.9, "not before the timeout")
        }
    }

    /// A client that stops reading a large response is cut off by the write timeout instead of holding the
    /// connection (and its buffered response) forever.
    ///
    /// With room for one connection, a probe connection is refused (503) while the stalled one holds the place, and
    /// answered once the server has cut the stalled one off; only then does the test read, since reading would let
    /// the server's writes go on. Every other timeout is far beyond the test's wait.
    @Test func clientThatStopsReadingIsCutOffByTheWriteTimeout() async throws {
        let size = 32 * 1024 * 1024
        let configure = onlyTimeout(\.writeTimeout, .seconds(1))
        try await withServer({ configure(&$0); $0.maxConnections = 1 }) { port, _, _ in
            let (probes, received, closed) = try await offCooperativePool { () -> ([Int?], Int, Bool) in
                let client = try RawHTTPClient(port: port, receiveBuffer: 4096)
                client.send("GET /big?bytes=\(size) HTTP/1.1\r\nHost: x\r\n\r\n")
                let start = Date()
                var probes: [Int?] = []
                while probes.last != 200 && Date().timeIntervalSince(start) < RawHTTPClient.patience.seconds {
                    Thread.sleep(forTimeInterval: 0.2)
                    let probe = try RawHTTPClient(port: port)
                    probe.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    probes.append(probe.readResponse()?.status)
                }
                let (bytes, closed) = client.readUntilClose()
                return (probes, bytes.count, closed)
            }
            #expect(probes.first == 503, "the stalled connection held the only place at first")
            #expect(probes.last == 200, "then it was cut off: \(probes)")
            #expect(closed)
            #expect(received < size)
        }
    }

    /// At the limit the connection idle longest makes room: here the first, answered and then quiet; the second
    /// keeps working, and so does the newcomer. (Two event loops: the first and second connection live on
    /// different ones.)
    @Test func atTheLimitTheLongestIdleConnectionMakesRoom() async throws {
        try await withServer({ $0.maxConnections = 2 }) { port, _, _ in
            let result = try await offCooperativePool { () -> [Int?] in
                let first = try RawHTTPClient(port: port)
                first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let firstStatus = first.readResponse()?.status
                Thread.sleep(forTimeInterval: 0.05)
                let second = try RawHTTPClient(port: port)
                second.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let secondStatus = second.readResponse()?.status
                // The loops note their longest-idle connection at each sweep (every 250 ms at most).
                Thread.sleep(forTimeInterval: 0.6)
                let third = try RawHTTPClient(port: port)
                third.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let thirdStatus = third.readResponse()?.status
                let firstClosed = first.readUntilClose().closed
                second.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                return [firstStatus, secondStatus, thirdStatus, firstClosed ? 1 : 0, second.readResponse()?.status]
            }
            #expect(result == [200, 200, 200, 1, 200])
        }
    }

    /// Only when every connection is in the middle of a request is a new one refused: here both places hold a
    /// request whose header section has begun to arrive.
    @Test func atTheLimitWithEveryConnectionBusyANewOneGets503AndIsClosed() async throws {
        try await withServer({ $0.maxConnections = 2 }) { port, _, _ in
            let result = try await offCooperativePool { () -> [Int?] in
                let first = try RawHTTPClient(port: port)
                let second = try RawHTTPClient(port: port)
                first.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
                second.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
                Thread.sleep(forTimeInterval: 0.1)
                let third = try RawHTTPClient(port: port)
                let rejected = third.readResponse()
                let closed = third.readUntilClose().closed
                // The two busy ones finish their requests.
                first.send("\r\n")
                second.send("\r\n")
                return [rejected?.status, closed ? 1 : 0, first.readResponse()?.status, second.readResponse()?.status]
            }
            #expect(result == [503, 1, 200, 200])
        }
    }

    /// One address may hold only its share: the next connection from it is refused, while another address is
    /// served at once.
    @Test func anAddressPastItsShareIsRefusedWhileAnotherIsServed() async throws {
        try await withServer({ $0.maxConnectionsPerAddress = 3 }) { port, _, _ in
            let result = try await offCooperativePool { () -> [Int?] in
                let held = try (0..<3).map { _ in try RawHTTPClient(port: port, from: "127.0.0.2") }
                Thread.sleep(forTimeInterval: 0.1)
                let fourth = try RawHTTPClient(port: port, from: "127.0.0.2")
                let refused = fourth.readResponse()
                let other = try RawHTTPClient(port: port, from: "127.0.0.3")
                other.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let served = other.readResponse()?.status
                held[0].send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                return [refused?.status, served, held[0].readResponse()?.status]
            }
            #expect(result == [503, 200, 200])
        }
    }

    /// Thousands of idle connections from one address take only that address's share; a request from another
    /// address is answered at once.
    @Test func manyIdleConnectionsFromOneAddressDoNotLockOthersOut() async throws {
        try raiseOpenFileLimit(to: 8192)
        try await withServer({ $0.maxConnections = 512; $0.maxConnectionsPerAddress = 256 }) { port, _, _ in
            let result = try await offCooperativePool { () -> (Int, Int?, Double) in
                var idle: [RawHTTPClient] = []
                for _ in 0..<1_000 {
                    guard let client = try? RawHTTPClient(port: port, from: "127.0.0.2") else { break }
                    idle.append(client)
                }
                Thread.sleep(forTimeInterval: 0.2)
                let start = Date()
                let other = try RawHTTPClient(port: port, from: "127.0.0.3")
                other.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let status = other.readResponse()?.status
                return (idle.count, status, Date().timeIntervalSince(start))
            }
            #expect(result.0 == 1_000, "the client could open its connections (the kernel accepts them)")
            #expect(result.1 == 200)
            #expect(result.2 < 5, "answered at once, not after an idle timeout")
        }
    }

    /// On a single event loop, a handler held until the test says so: another connection is answered meanwhile.
    @Test func aSlowDeferredHandlerDoesNotStallAnotherConnection() async throws {
        try await withServer({ $0.eventLoopCount = 1 }) { port, _, gate in
            let result = try await offCooperativePool { () -> [String?] in
                let slow = try RawHTTPClient(port: port)
                slow.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")
                guard gate.waitUntilInside(1) else { return ["the held handler never started"] }
                let fast = try RawHTTPClient(port: port)
                fast.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let fastBody = fast.readResponse()?.bodyText
                let stillHeld = gate.inside == 1 && !gate.isOpen
                gate.open()
                return [fastBody, stillHeld ? "held meanwhile" : "not held", slow.readResponse()?.bodyText]
            }
            #expect(result == ["hello", "held meanwhile", "released"])
        }
    }

    /// The request in flight when shutdown starts is held by the test; shutdown waits for it (it is still going
    /// on when the test releases the handler) and its answer arrives whole, then nothing is accepted any more.
    @Test func gracefulShutdownFinishesTheRequestInFlightThenStopsAccepting() async throws {
        var configuration = HTTPServer.Configuration()
        configuration.eventLoopCount = 2
        let routes = TestRoutes(), gate = routes.gate
        let server = HTTPServer(configuration: configuration, handler: routes)
        let port = try server.start()
        let client = try RawHTTPClient(port: port)
        let idle = try RawHTTPClient(port: port)
        client.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")
        let started = try await offCooperativePool { gate.waitUntilInside(1) }
        try #require(started, "the handler never started")
        let finished = Mutex(false)
        async let shutdown: Void = {
            await server.shutdown(gracePeriod: RawHTTPClient.patience)
            finished.withLock { $0 = true }
        }()
        try await Task.sleep(for: .milliseconds(200))
        let finishedBeforeRelease = finished.withLock { $0 }
        gate.open()
        let (response, closed) = try await offCooperativePool { () -> (RawHTTPClient.Response?, Bool) in
            let response = client.readResponse()
            let closed = client.readUntilClose().closed
            client.close()  // so the server need not wait out its lingering close
            return (response, closed)
        }
        await shutdown
        #expect(!finishedBeforeRelease, "shutdown did not wait for the request in flight")
        #expect(response?.status == 200)
        #expect(response?.bodyText == "released")
        #expect(response?.header("Connection") == "close")
        #expect(closed)
        let idleClosed = try await offCooperativePool { idle.readUntilClose().closed }
        #expect(idleClosed)
        #expect(throws: RawHTTPClient.ConnectError.self) { try RawHTTPClient(port: port) }
        #expect(server.port == nil)
    }

    /// A handler the test never releases outlives the grace period: shutdown returns while it is still waiting,
    /// and its connection is closed without an answer.
    @Test func shutdownForceClosesWhatOutlivesTheGracePeriod() async throws {
        var configuration = HTTPServer.Configuration()
        configuration.eventLoopCount = 1
        let routes = TestRoutes(), gate = routes.gate
        let server = HTTPServer(configuration: configuration, handler: routes)
        let port = try server.start()
        let client = try RawHTTPClient(port: port)
        client.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")
        let started = try await offCooperativePool { gate.waitUntilInside(1) }
        try #require(started, "the handler never started")
        await server.shutdown(gracePeriod: .milliseconds(300))
        #expect(gate.inside == 1, "shutdown returned while the handler still ran")
        let (bytes, closed) = try await offCooperativePool { client.readUntilClose() }
        gate.open()
        #expect(bytes.isEmpty)
        #expect(closed)
    }

    @Test func startTwiceIsAnError() async throws {
        let server = HTTPServer(handler: TestRoutes())
        _ = try server.start()
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
        await server.shutdown(gracePeriod: .zero)
    }

    @Test func invalidConfigurationIsReported() {
        var configuration = HTTPServer.Configuration()
        configuration.maxHeaderCount = 0
        let server = HTTPServer(configuration: configuration, handler: TestRoutes())
        #expect(throws: HTTPServerError.invalidConfiguration("maxHeaderCount must be at least 1, got 0")) {
            try server.start()
        }
    }

    @Test func aPortInUseIsReportedWithTheAddress() async throws {
        let first = HTTPServer(handler: TestRoutes())
        let port = try first.start()
        let second = HTTPServer(configuration: .init(port: port), handler: TestRoutes())
        do {
            _ = try second.start()
            Issue.record("binding a port in use succeeded")
        } catch {
            #expect(error.description.contains("127.0.0.1:\(port)"))
            #expect(error.description.contains("in use"))
        }
        await first.shutdown(gracePeriod: .zero)
    }
}

/// Raises this process's soft limit of open files (tests that hold thousands of sockets); the hard limit bounds it.
private func raiseOpenFileLimit(to wanted: rlim_t) throws {
    var limit = rlimit()
    #if canImport(Glibc)
    let resource = Int32(RLIMIT_NOFILE.rawValue)
    #else
    let resource = RLIMIT_NOFILE
    #endif
    guard getrlimit(resource, &limit) == 0 else { return }
    guard limit.rlim_cur < wanted else { return }
    limit.rlim_cur = min(wanted, limit.rlim_max)
    _ = setrlimit(resource, &limit)
}
