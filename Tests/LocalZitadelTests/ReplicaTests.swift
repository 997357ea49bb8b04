import Core
import Foundation
import Testing
import TestSupport

extension ProcessSuites {
    /// Several APIBasic processes behind one Redis, as a fleet runs them (README, "Running several replicas"): a
    /// token is introspected once for all of them, and Redis going away changes no answer.
    @Suite(
        .timeLimit(.minutes(5)),
        .enabled(if: SampleProcess.allSamplesBuilt, "needs APIBasic, APIJWT, ClientJWT, ClientCC and ClientPAT built"),
        .enabled(if: ExternalTool.isUsable("redis-server"), "needs redis-server (./run-tests installs it)"))
    struct ReplicaTests {
        /// A fresh access token for the service user (client credentials), as ClientCC gets one.
        static func newToken(_ zitadel: LocalZitadelProcess) async throws -> String {
            let projectID = try #require(try zitadel.setting("PROJECT_ID", in: "client-cc.env"))
            let scope = "openid urn:zitadel:iam:org:project:id:\(projectID):aud urn:zitadel:iam:org:projects:roles"
            let issued = try await zitadel.post(
                "/oauth/v2/token", form: [("grant_type", "client_credentials"), ("scope", scope)],
                authorization: ClientSecretBasic.authorizationHeader(
                    clientID: try #require(try zitadel.setting("CLIENT_ID", in: "client-cc.env")),
                    secret: try #require(try zitadel.setting("CLIENT_SECRET", in: "client-cc.env"))))
            let body = try JSONValue.parse(issued.body)
            return try #require(body.objectValue?["access_token"]?.stringValue, "\(issued.status)")
        }

        static func get(_ api: SampleProcess.Running, _ path: String, bearer: String) async throws -> Int {
            let request = OutboundRequest(
                url: try #require(URL(string: api.baseURL + path)), headers: [("Authorization", "Bearer \(bearer)")])
            return try await LocalZitadelProcess.client.send(request).status
        }

        /// The status of every request line (`GET /api/private 200 0.4ms cache=hit token=…`) in an API's log.
        static func statuses(in log: String) -> [Int] {
            log.split(separator: "\n").compactMap { line in
                let words = line.split(separator: " ")
                return words.count > 2 && words[0] == "GET" ? Int(words[2]) : nil
            }
        }

        static func introspections(_ zitadel: LocalZitadelProcess) -> Int {
            zitadel.standardError.components(separatedBy: "POST /oauth/v2/introspect").count - 1
        }

        static func startReplicas(_ count: Int, _ zitadel: LocalZitadelProcess, redis: RedisServerProcess) async throws
            -> [SampleProcess.Running] {
            var replicas: [SampleProcess.Running] = []
            for _ in 0..<count {
                replicas.append(
                    try await SampleProcess.startAPI(
                        "APIBasic", envFile: zitadel.envFile(for: "APIBasic"),
                        environment: ["INTROSPECTION_CACHE_URL": redis.url()]))
            }
            return replicas
        }

        @Test func threeReplicasSharingRedisIntrospectATokenOnceBetweenThem() async throws {
            let redis = try await RedisServerProcess()
            let zitadel = try await LocalZitadelProcess.launch()
            let replicas = try await Self.startReplicas(3, zitadel, redis: redis)
            let token = try await Self.newToken(zitadel)
            #expect(try await Self.get(replicas[0], "/api/private-scoped", bearer: token) == 200)
            // The first replica stores the answer in the background; the others then find it.
            let deadline = ContinuousClock.now + .seconds(10)
            while try redis.command(["DBSIZE"]) != "1" && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            for replica in replicas.dropFirst() {
                #expect(try await Self.get(replica, "/api/private-scoped", bearer: token) == 200)
                #expect(await replica.logged("cache=shared-cache"), "\(replica.log)")
            }
            #expect(Self.introspections(zitadel) == 1, "\(zitadel.standardError)")
            for replica in replicas { #expect(await replica.stop() == 0) }
            #expect(await zitadel.stop() == 0)
        }

        @Test func redisStoppedMidRunChangesNoAnswerAndIsLoggedOnceEachWay() async throws {
            let redis = try await RedisServerProcess()
            let zitadel = try await LocalZitadelProcess.launch()
            let replicas = try await Self.startReplicas(2, zitadel, redis: redis)
            let known = try await Self.newToken(zitadel)
            #expect(try await Self.get(replicas[0], "/api/private", bearer: known) == 200)
            redis.stop()
            for index in 0..<10 {
                let replica = replicas[index % 2]
                let token = try await Self.newToken(zitadel)
                #expect(try await Self.get(replica, "/api/private-scoped", bearer: token) == 200, "a new token")
                #expect(try await Self.get(replica, "/api/private", bearer: known) == 200, "a known token")
                #expect(try await Self.get(replica, "/api/private", bearer: "not-a-token-\(index)") == 401)
            }
            for replica in replicas {
                let outages = replica.log.components(separatedBy: "shared cache unavailable").count - 1
                #expect(outages == 1, "\(replica.log)")
                #expect(Self.statuses(in: replica.log).allSatisfy { $0 < 500 }, "no 5xx: \(replica.log)")
            }
            try await redis.start()
            try await Task.sleep(for: .milliseconds(1100))  // past the client's retry delay
            #expect(try await Self.get(replicas[0], "/api/private", bearer: try await Self.newToken(zitadel)) == 200)
            #expect(await replicas[0].logged("shared cache available again"), "\(replicas[0].log)")
            for replica in replicas { #expect(await replica.stop() == 0) }
            #expect(await zitadel.stop() == 0)
        }

        @Test func aBadCacheURLStopsTheAPIWithExit2WithoutShowingThePassword() async throws {
            let zitadel = try await LocalZitadelProcess.launch()
            let result = try await SampleProcess.run(
                "APIBasic", ["--env-file", zitadel.envFile(for: "APIBasic")],
                environment: [
                    "INTROSPECTION_CACHE_URL": "rediss://:hunter2@cache.example:6380",
                    "API_BASE_URL": "http://127.0.0.1:0",
                ])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("INTROSPECTION_CACHE_URL"), "\(result.stderr)")
            #expect(!result.stderr.contains("hunter2"))
            #expect(await zitadel.stop() == 0)
        }
    }
}
