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
        #expect(result == IntrospectionResult(active: false))
    }

    @Test func zitadels400UnauthorizedClientMeansOurCredentialsWereRejected() {
        let outcome = interpret(400, #"{"error":"unauthorized_client"}"#)
        #expect(outcome == .failure(.credentialsRejected(endpoint: endpoint, status: 400, error: "unauthorized_client")))
        if case .failure(let error) = outcome {
            #expect(!error.isTransient)
            #expect(error.description.contains("the API's own credentials were rejected"))
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
