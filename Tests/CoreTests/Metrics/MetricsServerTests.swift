import Foundation
import Testing

@testable import Core

extension MetricsTests {
    /// `MetricsServer.Address(parsing:)`, the reading of `METRICS_ADDRESS`: `host:port`, IPv6 in brackets.
    @Suite struct MetricsAddressTests {
        @Test func hostAndPortAreRead() throws {
            #expect(MetricsServer.Address(parsing: "127.0.0.1:9464") == .init(host: "127.0.0.1", port: 9464))
            #expect(MetricsServer.Address(parsing: "[::1]:0") == .init(host: "::1", port: 0))
            #expect(MetricsServer.Address(parsing: "localhost:65535") == .init(host: "localhost", port: 65535))
            #expect(MetricsServer.Address(parsing: "0.0.0.0:1") == .init(host: "0.0.0.0", port: 1))
        }

        @Test func anythingElseIsRefused() {
            let refused = [
                "9464",  // no host
                "::1:9464",  // an IPv6 address without its brackets: where would the port start?
                "host:",  // no port
                ":80",  // no host
                "host:65536",  // beyond the port range
                "host:+1",  // Int() would take the sign
                "host:-1",
                "host:abc",
                "host: 80",
                "[::1]9464",  // no colon after the bracket
                "[::1]:",
                "[]:80",
                "[::1:80",
                "host:000080",  // more than five digits
                "",
            ]
            for text in refused {
                #expect(MetricsServer.Address(parsing: text) == nil, "\(text)")
            }
        }

        @Test func anAddressIsWrittenAsItIsRead() throws {
            for text in ["127.0.0.1:9464", "[::1]:0", "localhost:65535"] {
                let address = try #require(MetricsServer.Address(parsing: text))
                #expect(address.description == text)
            }
        }
    }

    /// A live `MetricsServer` on 127.0.0.1 port 0, asked over HTTP as Prometheus asks it (docs/metrics.md,
    /// "The listener").
    @Suite(.timeLimit(.minutes(1))) struct MetricsServerTests {
        /// Generous timeouts: a busy test machine may delay an answer; it must not turn into a false failure.
        private static let client = HTTPClient(
            configuration: .init(connectTimeout: .seconds(30), totalTimeout: .seconds(30)))

        /// A registry with one series of each kind of sample, served on a free loopback port for `body`.
        private func withMetricsServer(
            _ body: (_ registry: MetricsRegistry, _ base: String) async throws -> Void
        ) async throws {
            let registry = MetricsRegistry()
            registry.counter("x_requests_total", help: "Requests.", labels: ["route"]).labels("/a").increment(by: 2)
            registry.histogram("x_duration_seconds", help: "Time.", buckets: [0.1]).observe(0.05)
            let server = MetricsServer(registry: registry, address: .init(host: "127.0.0.1", port: 0))
            let port = try server.start()
            do {
                try await body(registry, "http://127.0.0.1:\(port)")
            } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
        }

        private func send(_ method: String, _ url: String) async throws -> OutboundResponse {
            try await Self.client.send(OutboundRequest(method: method, url: try #require(URL(string: url))))
        }

        @Test func getMetricsAnswersTheRegistrysTextWithTheFormatsContentType() async throws {
            try await withMetricsServer { registry, base in
                let response = try await send("GET", base + "/metrics")
                #expect(response.status == 200)
                #expect(response[header: "Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
                #expect(response[header: "Cache-Control"] == "no-store")
                #expect(response.bodyText == registry.exposition())
                #expect(response.bodyText.contains("x_requests_total{route=\"/a\"} 2\n"))
                #expect(response.bodyText.contains("x_duration_seconds_count 1\n"))
            }
        }

        @Test func eachScrapeShowsTheValuesOfThatMoment() async throws {
            try await withMetricsServer { registry, base in
                let before = try await send("GET", base + "/metrics").bodyText
                #expect(before.contains("x_requests_total{route=\"/a\"} 2\n"))
                registry.counter("x_requests_total", help: "Requests.", labels: ["route"]).labels("/a").increment()
                let after = try await send("GET", base + "/metrics").bodyText
                #expect(after.contains("x_requests_total{route=\"/a\"} 3\n"))
            }
        }

        @Test func headAnswersLikeGetWithoutTheBody() async throws {
            try await withMetricsServer { registry, base in
                let response = try await send("HEAD", base + "/metrics")
                #expect(response.status == 200)
                #expect(response[header: "Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
                #expect(response[header: "Content-Length"] == String(registry.exposition().utf8.count))
                #expect(response.body.isEmpty)
            }
        }

        @Test func headSendsNoBodyBytesOnTheWire() async throws {
            // URLSession would not read a HEAD's body even if one came; a raw socket shows what the server sends.
            try await withMetricsServer { _, base in
                let port = try #require(URL(string: base)?.port)
                let (response, rest) = try await offCooperativePool {
                    let client = try RawHTTPClient(port: port)
                    defer { client.close() }
                    client.send("HEAD /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    let response = client.readResponse(isHead: true)
                    return (response, client.readUntilClose().bytes)
                }
                #expect(response?.status == 200)
                #expect(rest.isEmpty, "bytes after the head: \(String(decoding: rest, as: UTF8.self))")
            }
        }

        @Test func anotherPathIsNotFound() async throws {
            try await withMetricsServer { _, base in
                for path in ["/", "/metrics/", "/api/public"] {
                    let response = try await send("GET", base + path)
                    #expect(response.status == 404, "\(path)")
                }
            }
        }

        @Test func anotherMethodIsNotAllowedAndTheAnswerSaysWhichAre() async throws {
            try await withMetricsServer { _, base in
                let response = try await send("POST", base + "/metrics")
                #expect(response.status == 405)
                #expect(response[header: "Allow"] == "GET, HEAD")
                let delete = try await send("DELETE", base + "/metrics")
                #expect(delete.status == 405)
            }
        }
    }
}
