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

    /// What `.clientSecretBasic` adds to each request: exactly ClientSecretBasic's header (whose encoding ZITADEL
    /// decodes back, odd characters and all: ClientSecretBasicTests), nothing in the form.
    @Test func basicAuthenticationIsClientSecretBasicsHeaderAlone() throws {
        let secret = "s3cr+t/with%odd:chars!"
        let (headers, fields) = try ClientAuthentication.clientSecretBasic(clientID: "api@project", secret: secret)
            .credentials(endpoint: endpoint)
        #expect(headers.map(\.name) == ["Authorization"])
        #expect(headers.first?.value == ClientSecretBasic.authorizationHeader(clientID: "api@project", secret: secret))
        #expect(fields.isEmpty)
    }

    @Test func authenticationDescriptionHidesTheSecret() {
        let authentication = ClientAuthentication.clientSecretBasic(clientID: "api-app", secret: "s3cr3t+/")
        #expect(!String(describing: authentication).contains("s3cr3t"))
        #expect(String(describing: authentication).contains("api-app"))
    }
}

extension StandInSuites {
    /// The introspection client over real sockets: against the stand-in, which authenticates the API application as
    /// ZITADEL does (docs/zitadel.md, "Introspection") — so an answer shows the request was right — and against
    /// MisbehavingZitadel, the answers ZITADEL itself never gives.
    @Suite struct IntrospectionClientSocketTests {
        private func standIn() async throws -> StandIn { try await StandInSuites.standIn.value }

        private func client(_ standIn: StandIn, authentication: ClientAuthentication? = nil, discover: Bool = false)
            -> IntrospectionClient {
            IntrospectionClient(
                issuer: standIn.issuer, endpoint: discover ? nil : standIn.introspectionURL,
                authentication: authentication ?? standIn.basicAuthentication)
        }

        /// The API application's key file, as APIJWT loads it, signing assertions for `audience`.
        private func keyAuthentication(_ standIn: StandIn, audience: String? = nil) throws -> ClientAuthentication {
            let keyFile = try ZitadelKeyFile(json: Array(standIn.zitadel.jwtApplicationKeyFile.utf8))
            return .privateKeyJWT(try ClientAssertionIssuer(keyFile: keyFile, issuer: audience ?? standIn.issuer))
        }

        @Test func basicAuthenticationIsAcceptedAndAnActiveTokenReadAsItsPrincipal() async throws {
            let standIn = try await standIn()
            let token = try standIn.zitadel.accessToken()
            let principal = try #require(try await client(standIn).introspect(token: token).principal)
            #expect(principal.subject == standIn.zitadel.serviceUser.userID)
            #expect(principal.clientID == standIn.zitadel.serviceUser.username)
            #expect(principal.roles == ["read:messages"])
        }

        @Test func unknownTokenIsInactiveWithNoOtherField() async throws {
            let standIn = try await standIn()
            #expect(try await client(standIn).introspect(token: "not-a-token-of-this-instance") == .inactive)
        }

        @Test func wrongSecretIsCredentialsRejected() async throws {
            let standIn = try await standIn()
            let wrong = ClientAuthentication.clientSecretBasic(
                clientID: standIn.zitadel.basicApplication.clientID, secret: "wrong-secret")
            let token = try standIn.zitadel.accessToken()
            do {
                _ = try await client(standIn, authentication: wrong).introspect(token: token)
                Issue.record("expected a rejection")
            } catch {
                #expect(error == .credentialsRejected(
                    endpoint: standIn.introspectionURL.absoluteString, status: 400, error: "unauthorized_client"))
            }
        }

        @Test func privateKeyJWTSendsAnAssertionZitadelAccepts() async throws {
            let standIn = try await standIn()
            let token = try standIn.zitadel.accessToken()
            let client = client(standIn, authentication: try keyAuthentication(standIn))
            let first = try await client.introspect(token: token)
            let second = try await client.introspect(token: token)
            #expect(first.principal?.subject == standIn.zitadel.serviceUser.userID)
            #expect(second.principal?.subject == standIn.zitadel.serviceUser.userID)
        }

        @Test func assertionWithTheWrongAudienceIsCredentialsRejected() async throws {
            let standIn = try await standIn()
            let logged = standIn.log.count
            let authentication = try keyAuthentication(standIn, audience: standIn.issuer + "/oauth/v2/token")
            do {
                _ = try await client(standIn, authentication: authentication).introspect(token: "tok")
                Issue.record("expected a rejection")
            } catch {
                #expect(error == .credentialsRejected(
                    endpoint: standIn.introspectionURL.absoluteString, status: 400, error: "unauthorized_client"))
            }
            #expect(standIn.log.since(logged).contains { $0.contains("aud does not contain the issuer exactly") },
                    "\(standIn.log.since(logged))")
        }

        @Test func endpointIsDiscoveredOnceWhenNotConfigured() async throws {
            let standIn = try await standIn()
            let token = try standIn.zitadel.accessToken()
            let before = standIn.counts
            let client = client(standIn, discover: true)
            for _ in 0..<3 { #expect(try await client.introspect(token: token).principal != nil) }
            #expect(standIn.counts - before == RequestCounts(discovery: 1, introspection: 3))
        }

        @Test func serverErrorsRateLimitsGarbageAndTimeoutsAreUnavailable() async throws {
            let zitadel = try MisbehavingZitadel()
            let answers: [(MisbehavingZitadel.Answer, String)] = [
                (.json(500, #"{"error":"server_error"}"#), "HTTP 500"),
                (.body(502, contentType: "text/html", "<html>bad gateway</html>"), "HTTP 502"),
                (.json(429, #"{"error":"too many requests"}"#), "HTTP 429"),
                (.garbage, "not JSON"),
                // Far beyond the timeout, even on a loaded machine.
                (.late(.seconds(10), .json(200, #"{"active":false}"#)), "timed out after 0.3 s"),
            ]
            for (answer, expected) in answers {
                zitadel.answerIntrospection(with: answer)
                // Only the late answer gets the short timeout, so that a busy machine cannot turn the others into
                // timeouts.
                let timeout: Duration = if case .late = answer { .milliseconds(300) } else { .seconds(30) }
                let client = IntrospectionClient(
                    issuer: zitadel.issuer, endpoint: zitadel.introspectionURL,
                    authentication: .clientSecretBasic(clientID: "api@project", secret: "secret"),
                    http: HTTPClient(configuration: .init(connectTimeout: timeout, totalTimeout: timeout)))
                do {
                    _ = try await client.introspect(token: "tok")
                    Issue.record("\(answer) gave a result")
                } catch {
                    #expect(error.isTransient, "\(answer)")
                    #expect(error.description.contains(expected), "\(error)")
                }
            }
            await zitadel.stop()
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
}
