import Foundation
import Testing

@testable import Core

@Suite struct HTTPClientTests {
    @Test func refusedConnectionNamesTheURLThatWasTried() async throws {
        let port = try SilentListener.closedPort()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/oauth/v2/introspect"))
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(2)))
        do {
            _ = try await client.send(OutboundRequest(method: "POST", url: url))
            Issue.record("expected a connection failure")
        } catch {
            guard case .connectionFailed(let method, let tried, _) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(method == "POST")
            #expect(tried == url.absoluteString)
            #expect(error.description.hasPrefix("connection to \(url.absoluteString) failed"))
            #expect(error.description.contains("refused"), "\(error)")
        }
    }

    @Test func silentServerTimesOutWithinTheTotalTimeout() async throws {
        let listener = try SilentListener()
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)/slow"))
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .milliseconds(300)))
        let start = ContinuousClock.now
        do {
            _ = try await client.send(OutboundRequest(url: url))
            Issue.record("expected a timeout")
        } catch {
            #expect(error == .timedOut(method: "GET", url: url.absoluteString, after: .milliseconds(300)))
            #expect(error.description == "GET \(url.absoluteString) timed out after 0.3 s")
        }
        // Which timer fired is in the error (0.3 s, not the 5 s connect timeout); the clock only shows it did not
        // fire early. No upper bound: a loaded machine may wake the test late.
        #expect(ContinuousClock.now - start >= .milliseconds(250))
    }

    @Test func cancellingTheCallerEndsTheRequestPromptly() async throws {
        let listener = try SilentListener()
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)/slow"))
        // The timeouts only bound the test; the error shows the request ended by cancellation, not by them.
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(120), totalTimeout: .seconds(120)))
        let task = Task { () -> HTTPClientError? in
            do throws(HTTPClientError) {
                _ = try await client.send(OutboundRequest(url: url))
                return nil
            } catch { return error }
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let error = await task.value
        #expect(error == .cancelled(method: "GET", url: url.absoluteString))  // not the timeout
    }

    @Test func onlyHTTPURLsAreAccepted() async throws {
        let url = try #require(URL(string: "file:///etc/passwd"))
        do {
            _ = try await HTTPClient().send(OutboundRequest(url: url))
            Issue.record("expected unsupportedURL")
        } catch {
            #expect(error == .unsupportedURL("file:///etc/passwd"))
        }
    }

    @Test func timeoutMessagesReadInSeconds() {
        #expect(HTTPClientError.seconds(.seconds(5)) == "5 s")
        #expect(HTTPClientError.seconds(.milliseconds(1500)) == "1.5 s")
        #expect(HTTPClientError.seconds(.milliseconds(2000)) == "2 s")
    }
}

/// The client against the team's HTTPServer on a real socket.
@Suite struct HTTPClientExchangeTests {
    /// Echoes the request: method, the Content-Type and Authorization headers, and the body; `/redirect` redirects.
    private func server() throws -> (HTTPServer, Int) {
        let server = HTTPServer(
            configuration: .init(host: "127.0.0.1", port: 0),
            handler: HTTPClosureHandler { request in
                if request.path == "/redirect" {
                    return .response(HTTPResponse(status: 302, headers: ["Location": "http://127.0.0.1:9/elsewhere"]))
                }
                var headers = HTTPHeaders()
                headers.set("X-Method", request.method)
                headers.set("X-Content-Type", request.headers["Content-Type"] ?? "-")
                headers.set("X-Authorization", request.headers["Authorization"] ?? "-")
                return .response(HTTPResponse(status: 201, headers: headers, body: request.body))
            })
        return (server, try server.start())
    }

    @Test func formPostArrivesAndTheAnswerComesBackWhole() async throws {
        let (server, port) = try server()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/echo"))
        let token = String(repeating: "a.b-c_d~e+f/", count: 200)  // past libcurl's 1 KiB Expect: 100-continue threshold
        let response = try await HTTPClient().send(
            .formPost(url: url, fields: [("token", token)], headers: [("Authorization", "Basic eDp5")]))
        await server.shutdown(gracePeriod: .seconds(1))
        #expect(response.status == 201)
        #expect(response[header: "x-method"] == "POST")
        #expect(response[header: "X-Content-Type"] == "application/x-www-form-urlencoded")
        #expect(response[header: "X-Authorization"] == "Basic eDp5")
        #expect(response.bodyText == "token=" + FormURLEncoding.encode(component: token))
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        let (server, port) = try server()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/redirect"))
        let response = try await HTTPClient().send(.formPost(url: url, fields: [("token", "t")]))
        await server.shutdown(gracePeriod: .seconds(1))
        #expect(response.status == 302)
        #expect(response[header: "Location"] == "http://127.0.0.1:9/elsewhere")
    }
}
