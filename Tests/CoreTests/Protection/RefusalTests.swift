import Testing

@testable import Core

/// The status rules, one row each: status, `WWW-Authenticate`, body and headers.
@Suite struct RefusalTests {
    private func refusal(_ reason: Refusal.Reason, retryAfter: Int? = nil) -> Refusal {
        Refusal(reason, realm: "api", retryAfter: retryAfter)
    }

    private func header(_ refusal: Refusal, _ name: String) -> String? {
        refusal.headers.first { $0.name == name }?.value
    }

    @Test func noTokenIs401WithABareChallenge() {
        let refusal = refusal(.noToken)
        #expect(refusal.status == 401)
        #expect(refusal.wwwAuthenticate == #"Bearer realm="api""#)
        #expect(refusal.error == "missing_authorization")
    }

    @Test func twoAuthorizationHeadersAre400InvalidRequest() {
        let refusal = refusal(.ambiguousCredentials)
        #expect(refusal.status == 400)
        #expect(refusal.wwwAuthenticate?.hasPrefix(#"Bearer realm="api", error="invalid_request""#) == true)
    }

    @Test func malformedInactiveAndExpiredTokensAre401InvalidToken() {
        for reason in [Refusal.Reason.malformedToken, .inactiveToken, .expiredToken] {
            let refusal = refusal(reason)
            #expect(refusal.status == 401)
            #expect(refusal.error == "invalid_token")
            #expect(refusal.wwwAuthenticate?.hasPrefix(#"Bearer realm="api", error="invalid_token", "#) == true)
        }
        #expect(refusal(.expiredToken).errorDescription == "The access token has expired.")
    }

    @Test func aMissingRoleIs403InsufficientScopeNamingTheRole() {
        let refusal = refusal(.missingRole("read:messages"))
        #expect(refusal.status == 403)
        #expect(
            refusal.wwwAuthenticate == #"Bearer realm="api", error="insufficient_scope", "#
                + #"error_description="The access token lacks the role read:messages.""#)
    }

    @Test func zitadelTroubleIs503AndMisconfigurationIs500WithoutChallenge() {
        #expect(refusal(.introspectionUnavailable).status == 503)
        #expect(refusal(.introspectionUnavailable).wwwAuthenticate == nil)
        #expect(refusal(.introspectionUnavailable).error == "temporarily_unavailable")
        #expect(refusal(.introspectionMisconfigured).status == 500)
        #expect(refusal(.introspectionMisconfigured).wwwAuthenticate == nil)
        #expect(refusal(.introspectionMisconfigured).error == "server_error")
    }

    @Test func theBodyIsTheContractsJSONErrorObject() throws {
        let refusal = refusal(.inactiveToken)
        let body = try #require(try JSONValue.parse(Array(refusal.body.utf8)).objectValue)
        #expect(body.count == 2)
        #expect(body["error"] == "invalid_token")
        #expect(body["error_description"] == "The access token is inactive, unknown, revoked or expired.")
    }

    @Test func headersCarryTheTypeNoStoreTheChallengeAndRetryAfter() {
        let unauthorized = refusal(.noToken)
        #expect(header(unauthorized, "Content-Type") == "application/json")
        #expect(header(unauthorized, "Cache-Control") == "no-store")
        #expect(header(unauthorized, "WWW-Authenticate") == #"Bearer realm="api""#)
        #expect(header(unauthorized, "Retry-After") == nil)
        let unavailable = refusal(.introspectionUnavailable, retryAfter: 3)
        #expect(header(unavailable, "Retry-After") == "3")
        #expect(header(unavailable, "WWW-Authenticate") == nil)
    }

    @Test func descriptionsAreSafeInsideAQuotedString() {
        let reasons: [Refusal.Reason] = [
            .noToken, .ambiguousCredentials, .malformedToken, .inactiveToken, .expiredToken,
            .missingRole("read:messages"), .introspectionUnavailable, .introspectionMisconfigured,
        ]
        for reason in reasons {
            let description = refusal(reason).errorDescription
            #expect(!description.isEmpty)
            #expect(description.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\"" && $0 != "\\" })
        }
    }

    @Test func aRoleOrRealmThatWouldBreakTheQuotedStringIsNotShown() {
        let role = refusal(.missingRole("evil\" error=\"x"))
        #expect(role.errorDescription == "The access token lacks the role this route needs.")
        let realm = Refusal(.noToken, realm: "a\"b")
        #expect(realm.wwwAuthenticate == #"Bearer realm="api""#)
    }
}
