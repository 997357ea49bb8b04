import Foundation
import Testing
import TestSupport

@testable import Core

extension ProcessSuites {
    /// A built API run as the user runs it: its own process, settings from the environment, a real socket, signals;
    /// ZITADEL is the stand-in. Every wait is bounded.
    @Suite struct APISampleProcessTests {
        private func get(_ api: SampleProcess.Running, _ path: String, token: String? = nil) async throws
            -> OutboundResponse {
            let url = try #require(URL(string: api.baseURL + path))
            return try await HTTPClient(configuration: .init(connectTimeout: .seconds(30), totalTimeout: .seconds(30)))
                .send(OutboundRequest(url: url, headers: token.map { [("Authorization", "Bearer \($0)")] } ?? []))
        }

        @Test func apiBasicServesTheRoutesAndStopsGracefullyOnSIGTERM() async throws {
            let standIn = try await StandInSuites.standIn.value
            let application = standIn.zitadel.basicApplication
            let token = try standIn.zitadel.accessToken()
            let before = standIn.counts
            let api = try await SampleProcess.start(
                "APIBasic",
                environment: [
                    "ZITADEL_DOMAIN": standIn.issuer, "API_CLIENT_ID": application.clientID,
                    "API_CLIENT_SECRET": application.clientSecret, "API_BASE_URL": "http://127.0.0.1:0",
                ])
            let publicRoute = try await get(api, "/api/public")
            let anonymous = try await get(api, "/api/private")
            let scoped = try await get(api, "/api/private-scoped", token: token)
            let again = try await get(api, "/api/private", token: token)
            let status = await api.stop(signal: SIGTERM)
            #expect(publicRoute.status == 200)
            #expect(anonymous.status == 401)
            #expect(scoped.status == 200)
            #expect(again.status == 200)
            #expect(status == 0)
            // No ZITADEL_INTROSPECTION_URL: discovered; the second request was a cache hit.
            #expect(standIn.counts - before == RequestCounts(discovery: 1, introspection: 1))
            let log = api.log
            #expect(log.contains("GET /api/private-scoped 200"))
            #expect(log.contains("cache=hit"))
            #expect(!log.contains(token))
            #expect(!log.contains(application.clientSecret))
        }

        @Test func apiJWTAuthenticatesWithTheApplicationKeyAndStopsOnSIGINT() async throws {
            let standIn = try await StandInSuites.standIn.value
            let folder = try TemporaryDirectory()
            let keyFile = try folder.write("api-key-file.json", standIn.zitadel.jwtApplicationKeyFile)
            let token = try standIn.zitadel.accessToken(withRole: false)
            let before = standIn.counts
            let api = try await SampleProcess.start(
                "APIJWT",
                environment: [
                    "ZITADEL_DOMAIN": standIn.issuer, "API_PRIVATE_KEY_FILE": keyFile,
                    "ZITADEL_INTROSPECTION_URL": standIn.introspectionURL.absoluteString,
                    "API_BASE_URL": "http://127.0.0.1:0", "INTROSPECTION_CACHE_TTL": "0",
                ])
            let first = try await get(api, "/api/private", token: token)
            let second = try await get(api, "/api/private", token: token)
            let scoped = try await get(api, "/api/private-scoped", token: token)
            let status = await api.stop(signal: SIGINT)
            // 200s: the stand-in accepted the application's assertion; the user holds no role: 403.
            #expect(first.status == 200)
            #expect(second.status == 200)
            #expect(scoped.status == 403)
            #expect(status == 0)
            // TTL 0: no cache; the URL was given: no discovery.
            #expect(standIn.counts - before == RequestCounts(introspection: 3))
        }

        @Test func missingSettingsStopBeforeAnyNetworkCallWithStatus2() async throws {
            let result = try await SampleProcess.run("APIBasic", environment: ["API_CLIENT_ID": "x"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("ZITADEL_DOMAIN"))
            #expect(result.stderr.contains("API_CLIENT_SECRET"))
        }

        @Test func serviceUserKeyFileIsRefusedWithStatus2() async throws {
            let folder = try TemporaryDirectory()
            let keyFile = try folder.write("sa-key.json", bytes: Array(try Vectors.data("zitadel-serviceaccount-key")))
            let result = try await SampleProcess.run(
                "APIJWT", environment: ["ZITADEL_DOMAIN": "https://acme.zitadel.cloud", "API_PRIVATE_KEY_FILE": keyFile])
            #expect(result.status == 2)
            #expect(result.stderr.contains("service user's key"))
        }

        @Test func helpListsEverySettingAndExits0() async throws {
            let result = try await SampleProcess.run("APIJWT", ["--help"])
            #expect(result.status == 0)
            for name in ["ZITADEL_DOMAIN", "API_PRIVATE_KEY_FILE", "ZITADEL_INTROSPECTION_URL", "API_BASE_URL",
                "INTROSPECTION_CACHE_TTL"]
            {
                #expect(result.stdout.contains(name), "\(name)")
            }
            #expect(result.stdout.contains("default 60"))
        }

        @Test func sigtermRightAfterTheListeningLineStillExits0() async throws {
            let api = try await SampleProcess.start(
                "APIBasic",
                environment: [
                    "ZITADEL_DOMAIN": "http://127.0.0.1:9", "API_CLIENT_ID": "a", "API_CLIENT_SECRET": "b",
                    "API_BASE_URL": "http://127.0.0.1:0",
                ])
            #expect(await api.stop(signal: SIGTERM) == 0)
        }
    }
}
