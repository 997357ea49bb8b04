import Foundation
import Testing

@testable import Core

extension StandInSuites {
    @Suite struct OpenIDDiscoveryTests {
        @Test func endpointsAreReadAndRemembered() async throws {
            let standIn = try await StandInSuites.standIn.value
            let before = standIn.counts
            let discovery = OpenIDDiscovery(issuer: standIn.issuer + "/")
            let configuration = try await discovery.configuration()
            _ = try await discovery.configuration()
            #expect(configuration.issuer == standIn.issuer)
            #expect(configuration.tokenEndpoint == standIn.tokenURL)
            #expect(configuration.introspectionEndpoint == standIn.introspectionURL)
            #expect(configuration.jwksURI?.absoluteString == standIn.issuer + "/oauth/v2/keys")
            #expect(standIn.counts - before == RequestCounts(discovery: 1))
        }

        /// ZITADEL always names itself; a document naming another issuer comes from a misconfiguration in between.
        @Test func aDocumentForAnotherIssuerIsRefused() async throws {
            let zitadel = try MisbehavingZitadel(discovery: .json(
                200, #"{"issuer":"https://elsewhere.zitadel.cloud","token_endpoint":"https://elsewhere.zitadel.cloud/oauth/v2/token"}"#))
            do {
                _ = try await OpenIDDiscovery(issuer: zitadel.issuer).configuration()
                Issue.record("expected issuerMismatch")
            } catch {
                #expect(error == .issuerMismatch(
                    url: zitadel.issuer + "/.well-known/openid-configuration", expected: zitadel.issuer,
                    published: "https://elsewhere.zitadel.cloud"))
                #expect(!error.isTransient)
                #expect(error.description.contains("set ZITADEL_DOMAIN to https://elsewhere.zitadel.cloud"))
            }
            await zitadel.stop()
        }

        @Test func unreachableIssuerIsTransientAndNotRemembered() async throws {
            let port = try SilentListener.closedPort()
            let discovery = OpenIDDiscovery(issuer: "http://127.0.0.1:\(port)")
            for _ in 0..<2 {
                do {
                    _ = try await discovery.configuration()
                    Issue.record("expected a failure")
                } catch {
                    guard case .unreachable = error else { Issue.record("got \(error)"); continue }
                    #expect(error.isTransient)
                }
            }
        }

        @Test func missingDocumentIsAStatusError() async throws {
            let standIn = try await StandInSuites.standIn.value
            let discovery = OpenIDDiscovery(issuer: standIn.issuer + "/nothing-here")
            do {
                _ = try await discovery.configuration()
                Issue.record("expected a failure")
            } catch {
                #expect(error == .status(url: standIn.issuer + "/nothing-here/.well-known/openid-configuration", status: 404))
                #expect(!error.isTransient)
            }
        }
    }
}
