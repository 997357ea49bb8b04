import Foundation
import Testing
@testable import Core

extension StandInSuites {
    @Suite struct TokenClientDiscoveryTests {
        @Test func anExplicitTokenURLIsUsedWithoutDiscovery() async throws {
            let url = try #require(URL(string: "http://127.0.0.1:1/custom/token"))
            let client = try await TokenClient.resolving(issuer: "http://127.0.0.1:1", tokenURL: url)
            #expect(client.tokenURL == url)
        }

        @Test func withoutOneTheDiscoveryDocumentNamesIt() async throws {
            let standIn = try await StandInSuites.standIn.value
            let before = standIn.counts
            let client = try await TokenClient.resolving(issuer: standIn.issuer, tokenURL: nil)
            #expect(client.tokenURL == standIn.tokenURL)
            #expect(standIn.counts - before == RequestCounts(discovery: 1))
        }

        @Test func failedDiscoveryNamesTheDocumentURL() async throws {
            let issuer = "http://127.0.0.1:\(try SilentListener.closedPort())"
            do {
                _ = try await TokenClient.resolving(issuer: issuer, tokenURL: nil)
                Issue.record("expected discovery to fail")
            } catch {
                guard case .discoveryFailed(let url, _) = error else { Issue.record("got \(error)"); return }
                #expect(url == issuer + "/.well-known/openid-configuration")
                #expect(error.hint?.contains("ZITADEL_TOKEN_URL") == true)
            }
        }
    }
}
