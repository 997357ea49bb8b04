import Foundation
import Testing
@testable import Core

extension StandInSuites {
    /// TokenProvider over a real TokenClient and the stand-in's token endpoint.
    @Suite struct TokenProviderTokenClientTests {
        @Test func manyTasksShareOneTokenRequestThroughTheProvider() async throws {
            let standIn = try await StandInSuites.standIn.value
            let key = try standIn.serviceUserKey
            let issuer = standIn.issuer
            let provider = TokenProvider(client: TokenClient(tokenURL: standIn.tokenURL), scope: ["openid"]) {
                .jwtBearer(assertion: try key.assertion(issuer: issuer).signed())
            }
            let before = standIn.counts
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await provider.token().accessToken } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(tokens.count == 1)
            #expect(standIn.counts - before == RequestCounts(token: 1))
        }

        @Test func everyRefreshSignsAFreshAssertion() async throws {
            let standIn = try await StandInSuites.standIn.value
            let key = try standIn.serviceUserKey
            let issuer = standIn.issuer
            let signed = LogLines()
            let provider = TokenProvider(client: TokenClient(tokenURL: standIn.tokenURL), scope: ["openid"]) {
                let assertion = try key.assertion(issuer: issuer).signed()
                signed.append(assertion)
                return .jwtBearer(assertion: assertion)
            }
            let before = standIn.counts
            let first = try await provider.token()
            await provider.invalidate()
            try await Task.sleep(for: .milliseconds(1100))   // iat has whole seconds
            let second = try await provider.token()
            #expect(first.accessToken != second.accessToken)
            #expect(standIn.counts - before == RequestCounts(token: 2))
            #expect(signed.count == 2 && Set(signed.all).count == 2, "two assertions, both accepted")
        }
    }
}
