import Foundation
import Testing

@testable import Core

/// The sample API as a user meets it: `ProtectedAPI` (the three routes of docs/samples.md) on the team's HTTPServer
/// at 127.0.0.1, introspecting at `issuer` the way APIBasic does. Its log lines are kept, and its clock is the
/// test's (a `ManualClock` starting now).
final class SampleAPIServer: Sendable {
    let api: ProtectedAPI
    let lines = LogLines()
    let clock = ManualClock(Date())
    let port: Int
    private let server: HTTPServer

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// - Parameters:
    ///   - introspectionURL: `ZITADEL_INTROSPECTION_URL`; discovered from `issuer` when nil.
    ///   - timeout: how long one introspection may take.
    init(issuer: String, introspectionURL: URL? = nil, authentication: ClientAuthentication,
         ttl: Duration = .seconds(60), timeout: Duration = .seconds(30)) throws {
        let introspector = IntrospectionClient(
            issuer: issuer, endpoint: introspectionURL, authentication: authentication,
            http: HTTPClient(configuration: .init(connectTimeout: timeout, totalTimeout: timeout)))
        let clock = clock
        api = ProtectedAPI(introspector: introspector, configuration: .init(cacheTTL: ttl), log: lines.log,
                           now: { clock.now })
        server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: api)
        port = try server.start()
    }

    /// The API in front of the stand-in, authenticating as its API application with the client secret (`secret`
    /// replaces the right one), its introspection URL set (so the counts of a test show no discovery).
    convenience init(_ standIn: StandIn, secret: String? = nil, ttl: Duration = .seconds(60)) throws {
        let application = standIn.zitadel.basicApplication
        try self.init(
            issuer: standIn.issuer, introspectionURL: standIn.introspectionURL,
            authentication: .clientSecretBasic(clientID: application.clientID,
                                               secret: secret ?? application.clientSecret),
            ttl: ttl)
    }

    /// `GET path` (or another method) with the bearer token, if any.
    func get(_ path: String, token: String? = nil, method: String = "GET") async throws -> OutboundResponse {
        let url = try #require(URL(string: baseURL + path))
        var headers: [(name: String, value: String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try await Self.client.send(OutboundRequest(method: method, url: url, headers: headers))
    }

    /// Generous: a busy test machine may delay an answer; it must not turn into a false failure.
    static let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), totalTimeout: .seconds(30)))

    func stop() async {
        await server.shutdown(gracePeriod: .seconds(2))
    }
}
