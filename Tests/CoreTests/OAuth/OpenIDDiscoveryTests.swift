import Foundation
import Testing

@testable import Core

@Suite struct OpenIDDiscoveryTests {
    @Test func endpointsAreReadAndRemembered() async throws {
        let fake = try FakeZitadel(application: .init(clientID: "api", secret: "s"))
        let discovery = OpenIDDiscovery(issuer: fake.issuer + "/")
        let configuration = try await discovery.configuration()
        _ = try await discovery.configuration()
        await fake.stop()
        #expect(configuration.issuer == fake.issuer)
        #expect(configuration.tokenEndpoint.absoluteString == fake.issuer + "/oauth/v2/token")
        #expect(configuration.introspectionEndpoint == fake.introspectionURL)
        #expect(configuration.jwksURI?.absoluteString == fake.issuer + "/oauth/v2/keys")
        #expect(fake.discoveryCalls == 1)
    }

    @Test func aDocumentForAnotherIssuerIsRefused() async throws {
        let server = HTTPServer(
            configuration: .init(host: "127.0.0.1", port: 0),
            handler: HTTPClosureHandler { _ in
                .response(.json(#"{"issuer":"https://elsewhere.zitadel.cloud","token_endpoint":"https://elsewhere.zitadel.cloud/oauth/v2/token"}"#))
            })
        let port = try server.start()
        let issuer = "http://127.0.0.1:\(port)"
        do {
            _ = try await OpenIDDiscovery(issuer: issuer).configuration()
            Issue.record("expected issuerMismatch")
        } catch {
            #expect(error == .issuerMismatch(
                url: issuer + "/.well-known/openid-configuration", expected: issuer,
                published: "https://elsewhere.zitadel.cloud"))
            #expect(!error.isTransient)
            #expect(error.description.contains("set ZITADEL_DOMAIN to https://elsewhere.zitadel.cloud"))
        }
        await server.shutdown(gracePeriod: .seconds(1))
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
        let fake = try FakeZitadel(application: .init(clientID: "api", secret: "s"))
        let discovery = OpenIDDiscovery(issuer: fake.issuer + "/nothing-here")
        do {
            _ = try await discovery.configuration()
            Issue.record("expected a failure")
        } catch {
            #expect(error == .status(url: fake.issuer + "/nothing-here/.well-known/openid-configuration", status: 404))
            #expect(!error.isTransient)
        }
        await fake.stop()
    }
}
