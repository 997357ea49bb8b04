import Foundation
import Testing

@testable import Core

/// The outcome table, without a network: `interpret` on canned responses. The same rows over real sockets are
/// in IntrospectionEndpointTests.
@Suite struct IntrospectionClientTests {
    private let endpoint = "http://127.0.0.1:9/oauth/v2/introspect"

    private func interpret(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Result<
        IntrospectionResult, IntrospectionError
    > {
        Result { () throws(IntrospectionError) in
            try IntrospectionClient.interpret(
                OutboundResponse(status: status, headers: headers, body: Array(body.utf8)), endpoint: endpoint)
        }
    }

    @Test func readable200IsAResult() throws {
        let result = try interpret(200, #"{"active":false}"#).get()
        #expect(result == .inactive)
    }

    @Test func zitadels400UnauthorizedClientMeansOurCredentialsWereRejected() {
        let outcome = interpret(400, #"{"error":"unauthorized_client"}"#)
        #expect(outcome == .failure(.credentialsRejected(endpoint: endpoint, status: 400, error: "unauthorized_client")))
        if case .failure(let error) = outcome {
            #expect(!error.isTransient)
            #expect(error.description.contains("the API's own credentials were rejected"))
            #expect(error.description.contains("clock"), "a skewed clock is the other usual cause (private_key_jwt)")
        }
    }

    @Test func invalidClientAnd401AlsoMeanCredentialsRejected() {
        #expect(
            interpret(400, #"{"error":"invalid_client"}"#)
                == .failure(.credentialsRejected(endpoint: endpoint, status: 400, error: "invalid_client")))
        #expect(interpret(401, "") == .failure(.credentialsRejected(endpoint: endpoint, status: 401, error: nil)))
    }

    @Test func otherClientErrorsAreConfigurationProblems() {
        let outcome = interpret(
            400, #"{"error":"invalid_request","error_description":"client_id or client_assertion must be provided"}"#)
        guard case .failure(let error) = outcome, case .requestRejected(_, let reason) = error else {
            Issue.record("expected requestRejected, got \(outcome)")
            return
        }
        #expect(reason == "HTTP 400 invalid_request: client_id or client_assertion must be provided")
        #expect(!error.isTransient)
        let redirect = interpret(301, "", headers: ["Location": "https://acme.zitadel.cloud/oauth/v2/introspect"])
        guard case .failure(.requestRejected(_, let redirectReason)) = redirect else {
            Issue.record("expected requestRejected, got \(redirect)")
            return
        }
        #expect(redirectReason.contains("to https://acme.zitadel.cloud/oauth/v2/introspect"))
    }

    @Test func serverErrorsRateLimitsAndGarbageAreUnavailable() {
        for (status, body) in [(500, ""), (502, "<html>"), (503, "{}"), (429, #"{"error":"slow down"}"#),
            (200, "not json"), (200, #"{"active":"yes"}"#), (204, "")]
        {
            let outcome = interpret(status, body)
            guard case .failure(let error) = outcome else {
                Issue.record("\(status) \(body) gave \(outcome)")
                continue
            }
            #expect(error.isTransient, "\(status) \(body)")
        }
    }

    @Test func authenticationDescriptionHidesTheSecret() {
        let authentication = ClientAuthentication.clientSecretBasic(clientID: "api-app", secret: "s3cr3t+/")
        #expect(!String(describing: authentication).contains("s3cr3t"))
        #expect(String(describing: authentication).contains("api-app"))
    }
}

/// The introspection client against a fake ZITADEL over real sockets: what it sends (checked by the fake exactly as
/// docs/zitadel.md says ZITADEL checks it) and how each way the endpoint can answer comes out.
@Suite struct IntrospectionClientSocketTests {
    static let secret = "s3cr+t/with%odd:chars!"
    static let activeAnswer = #"{"active":true,"sub":"286399320075272196","client_id":"billing-worker","exp":4102444800,"urn:zitadel:iam:org:project:roles":{"read:messages":{"1":"acme"}}}"#

    private func basicFake() throws -> FakeZitadel {
        try FakeZitadel(application: .init(clientID: "api@project", secret: Self.secret))
    }

    private func client(_ fake: FakeZitadel, secret: String = secret, discover: Bool = false, timeout: Duration = .seconds(30))
        -> IntrospectionClient
    {
        IntrospectionClient(
            issuer: fake.issuer, endpoint: discover ? nil : fake.introspectionURL,
            authentication: .clientSecretBasic(clientID: "api@project", secret: secret),
            http: HTTPClient(configuration: .init(connectTimeout: timeout, totalTimeout: timeout)))
    }

    @Test func basicAuthenticationSendsTheFormEncodedSecretAndTheToken() async throws {
        let fake = try basicFake()
        fake.answer("tok.en", with: Self.activeAnswer)
        let result = try await client(fake).introspect(token: "tok.en")
        await fake.stop()
        #expect(result.principal?.roles == ["read:messages"])
        #expect(result.principal?.subject == "286399320075272196")
        #expect(fake.authenticationFailures.isEmpty)
        #expect(fake.lastForm.map(\.0) == ["token"])
        #expect(fake.lastForm.map(\.1) == ["tok.en"])
        #expect(
            fake.lastAuthorization
                == ClientSecretBasic.authorizationHeader(clientID: "api@project", secret: Self.secret))
    }

    @Test func unknownTokenIsInactiveWithNoOtherField() async throws {
        let fake = try basicFake()
        let result = try await client(fake).introspect(token: "unknown")
        await fake.stop()
        #expect(result == .inactive)
    }

    @Test func wrongSecretIsCredentialsRejected() async throws {
        let fake = try basicFake()
        do {
            _ = try await client(fake, secret: "s3cr t/with%odd:chars!").introspect(token: "t")
            Issue.record("expected a rejection")
        } catch {
            #expect(error == .credentialsRejected(endpoint: fake.introspectionURL.absoluteString, status: 400, error: "unauthorized_client"))
        }
        await fake.stop()
        #expect(fake.authenticationFailures == ["wrong secret"])
    }

    @Test func privateKeyJWTSendsAnAssertionZitadelAccepts() async throws {
        let (clientID, keyID, key) = try ClientAssertionIssuerTests.applicationKey()
        let fake = try FakeZitadel(application: .init(clientID: clientID, keyID: keyID, publicKey: key.publicKey))
        fake.answer("tok", with: Self.activeAnswer)
        let assertions = ClientAssertionIssuer(clientID: clientID, keyID: keyID, privateKey: key, issuer: fake.issuer)
        let client = IntrospectionClient(
            issuer: fake.issuer, endpoint: fake.introspectionURL, authentication: .privateKeyJWT(assertions))
        let first = try await client.introspect(token: "tok")
        let second = try await client.introspect(token: "tok")
        await fake.stop()
        #expect(first.principal != nil && second.principal != nil)
        #expect(fake.authenticationFailures.isEmpty)
        #expect(fake.lastAuthorization == nil)
        #expect(fake.lastForm.map(\.0) == ["token", "client_assertion_type", "client_assertion"])
        #expect(fake.lastForm.first?.1 == "tok")
        #expect(fake.lastForm.dropFirst().first?.1 == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    }

    @Test func assertionWithTheWrongAudienceIsCredentialsRejected() async throws {
        let (clientID, keyID, key) = try ClientAssertionIssuerTests.applicationKey()
        let fake = try FakeZitadel(application: .init(clientID: clientID, keyID: keyID, publicKey: key.publicKey))
        let assertions = ClientAssertionIssuer(
            clientID: clientID, keyID: keyID, privateKey: key, issuer: fake.issuer + "/oauth/v2/token")
        let client = IntrospectionClient(
            issuer: fake.issuer, endpoint: fake.introspectionURL, authentication: .privateKeyJWT(assertions))
        do {
            _ = try await client.introspect(token: "tok")
            Issue.record("expected a rejection")
        } catch {
            guard case .credentialsRejected(_, 400, "unauthorized_client") = error else {
                Issue.record("got \(error)")
                return
            }
        }
        await fake.stop()
        #expect(fake.authenticationFailures.first?.hasPrefix("aud") == true)
    }

    @Test func endpointIsDiscoveredOnceWhenNotConfigured() async throws {
        let fake = try basicFake()
        fake.answer("tok", with: Self.activeAnswer)
        let client = client(fake, discover: true)
        for _ in 0..<3 { #expect(try await client.introspect(token: "tok").principal != nil) }
        await fake.stop()
        #expect(fake.discoveryCalls == 1)
        #expect(fake.introspectionCalls == 3)
    }

    @Test func serverErrorsRateLimitsGarbageAndTimeoutsAreUnavailable() async throws {
        let fake = try basicFake()
        let modes: [(FakeZitadel.Mode, String)] = [
            (.status(500, body: #"{"error":"server_error"}"#), "HTTP 500"),
            (.status(502, body: "<html>bad gateway</html>"), "HTTP 502"),
            (.status(429, body: #"{"error":"too many requests"}"#), "HTTP 429"),
            (.garbage, "not JSON"),
            (.slow(.seconds(10)), "timed out after 0.3 s"),  // far beyond the timeout, even on a loaded machine
        ]
        for (mode, expected) in modes {
            fake.setMode(mode)
            // Only the slow mode gets the short timeout, so that a busy machine cannot turn the others into timeouts.
            let timeout: Duration = if case .slow = mode { .milliseconds(300) } else { .seconds(30) }
            do {
                _ = try await client(fake, timeout: timeout).introspect(token: "tok")
                Issue.record("\(mode) gave a result")
            } catch {
                #expect(error.isTransient, "\(mode)")
                #expect(error.description.contains(expected), "\(error)")
            }
        }
        await fake.stop()
    }

    @Test func refusedConnectionIsUnavailable() async throws {
        let port = try SilentListener.closedPort()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/oauth/v2/introspect"))
        let client = IntrospectionClient(
            issuer: "http://127.0.0.1:\(port)", endpoint: url,
            authentication: .clientSecretBasic(clientID: "a", secret: "b"))
        do {
            _ = try await client.introspect(token: "tok")
            Issue.record("expected unavailable")
        } catch {
            #expect(error.isTransient)
            #expect(error.description.contains("connection to \(url.absoluteString) failed"))
        }
    }
}
