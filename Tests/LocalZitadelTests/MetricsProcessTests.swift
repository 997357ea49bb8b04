import Core
import Foundation
import Testing
import TestSupport

extension ProcessSuites {
    /// `/metrics` of a running API (`METRICS_ADDRESS`) and of the stand-in (`--metrics-address`), on ports of their
    /// own, read as Prometheus reads them and checked with `promtool check metrics`.
    @Suite(
        .timeLimit(.minutes(5)),
        .enabled(if: SampleProcess.allSamplesBuilt, "needs APIBasic, APIJWT, ClientJWT, ClientCC and ClientPAT built"),
        .enabled(if: ExternalTool.isUsable("promtool"), "needs promtool (./run-tests installs Debian's prometheus)"))
    struct MetricsProcessTests {
        /// The metrics URL a process printed (`metrics on http://127.0.0.1:PORT/metrics`).
        static func metricsURL(in log: String) throws -> URL {
            let line = try #require(log.split(separator: "\n").first { $0.hasPrefix("metrics on ") }, "\(log)")
            return try #require(URL(string: String(line.dropFirst("metrics on ".count))))
        }

        static func scrape(_ url: URL) async throws -> (text: String, contentType: String?) {
            let response = try await LocalZitadelProcess.client.send(OutboundRequest(url: url))
            #expect(response.status == 200)
            return (String(decoding: response.body, as: UTF8.self), response[header: "Content-Type"])
        }

        /// The value of the sample line that starts with `series` (name and labels as written).
        static func value(_ series: String, in text: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
                .flatMap { Double($0.split(separator: " ").last ?? "") }
        }

        @Test func theAPIAndTheStandInServeMetricsThatPromtoolAccepts() async throws {
            let zitadel = try await LocalZitadelProcess.launch(["--metrics-address", "127.0.0.1:0"])
            let api = try await SampleProcess.startAPI(
                "APIBasic", envFile: zitadel.envFile(for: "APIBasic"),
                environment: ["METRICS_ADDRESS": "127.0.0.1:0"])
            let token = try await ReplicaTests.newToken(zitadel)
            #expect(try await ReplicaTests.get(api, "/api/private", bearer: token) == 200)
            #expect(try await ReplicaTests.get(api, "/api/private", bearer: token) == 200)
            #expect(try await ReplicaTests.get(api, "/api/private", bearer: "unknown") == 401)
            #expect(try await ReplicaTests.get(api, "/nowhere", bearer: token) == 404)

            let apiMetrics = try await Self.scrape(try Self.metricsURL(in: api.log))
            #expect(apiMetrics.contentType == "text/plain; version=0.0.4; charset=utf-8")
            let text = apiMetrics.text
            #expect(Self.value("api_requests_total{route=\"/api/private\",status=\"200\"}", in: text) == 2, "\(text)")
            #expect(Self.value("api_requests_total{route=\"/api/private\",status=\"401\"}", in: text) == 1)
            #expect(Self.value("api_requests_total{route=\"other\",status=\"404\"}", in: text) == 1, "not the path")
            #expect(Self.value("api_token_checks_total{outcome=\"hit\"}", in: text) == 1)
            #expect(Self.value("api_token_checks_total{outcome=\"miss\"}", in: text) == 2)
            #expect(Self.value("api_introspections_total{outcome=\"active\"}", in: text) == 1)
            #expect(Self.value("api_introspections_total{outcome=\"inactive\"}", in: text) == 1)
            #expect(Self.value("api_introspection_duration_seconds_count", in: text) == 2)
            #expect(Self.value("api_budget_refusals_total", in: text) == 0)
            #expect(Self.value("api_zitadel_rate_limited_total", in: text) == 0)
            #expect(Self.value("api_open_connections", in: text) != nil, "the gauge is shown")
            let apiCheck = try ExternalTool.promtoolCheck(text)
            #expect(apiCheck.status == 0, "promtool: \(apiCheck.output)\n\(text)")

            let standIn = try await Self.scrape(try Self.metricsURL(in: zitadel.standardError)).text
            #expect(
                Self.value("localzitadel_requests_total{endpoint=\"/oauth/v2/introspect\",status=\"200\"}", in: standIn)
                    == 2, "\(standIn)")
            let tokens = Self.value("localzitadel_requests_total{endpoint=\"/oauth/v2/token\",status=\"200\"}", in: standIn)
            #expect(tokens == 1)
            let standInCheck = try ExternalTool.promtoolCheck(standIn)
            #expect(standInCheck.status == 0, "promtool: \(standInCheck.output)\n\(standIn)")

            #expect(await api.stop() == 0)
            #expect(await zitadel.stop() == 0)
        }

        @Test func aBadMetricsAddressStopsTheAPIWithExit2() async throws {
            let zitadel = try await LocalZitadelProcess.launch()
            let result = try await SampleProcess.run(
                "APIBasic", ["--env-file", zitadel.envFile(for: "APIBasic")],
                environment: ["METRICS_ADDRESS": "9464", "API_BASE_URL": "http://127.0.0.1:0"])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("METRICS_ADDRESS"), "\(result.stderr)")
            #expect(await zitadel.stop() == 0)
        }
    }
}
