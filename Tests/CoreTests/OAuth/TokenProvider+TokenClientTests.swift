import Foundation
import Testing
@testable import Core

/// TokenProvider over a real TokenClient and the fake ZITADEL token endpoint.
@Suite struct TokenProviderTokenClientTests {
    @Test func manyTasksShareOneTokenRequestThroughTheProvider() async throws {
        try await ClientFixture.with { fixture in
            let client = TokenClient(tokenURL: try #require(URL(string: fixture.issuer + "/oauth/v2/token")))
            let key = try ServiceUserKey.load(setting: "KEY", path: fixture.keyFilePath)
            let issuer = fixture.issuer
            let provider = TokenProvider(client: client, scope: ["openid"]) {
                .jwtBearer(assertion: try key.assertion(issuer: issuer).signed())
            }
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await provider.token().accessToken } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(tokens.count == 1)
            #expect(fixture.fake.requests.count == 1)
        }
    }

    @Test func everyRefreshSignsAFreshAssertion() async throws {
        try await ClientFixture.with { fixture in
            let client = TokenClient(tokenURL: try #require(URL(string: fixture.issuer + "/oauth/v2/token")))
            let key = try ServiceUserKey.load(setting: "KEY", path: fixture.keyFilePath)
            let issuer = fixture.issuer
            let provider = TokenProvider(client: client, scope: ["openid"]) {
                .jwtBearer(assertion: try key.assertion(issuer: issuer).signed())
            }
            let first = try await provider.token()
            await provider.invalidate()
            try await Task.sleep(for: .milliseconds(1100))   // iat has whole seconds
            let second = try await provider.token()
            #expect(first.accessToken != second.accessToken)
            let assertions = fixture.fake.requests.compactMap { $0.field("assertion") }
            #expect(assertions.count == 2 && assertions[0] != assertions[1])
        }
    }
}
