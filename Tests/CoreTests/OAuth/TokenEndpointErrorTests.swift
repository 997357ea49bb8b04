import Testing
@testable import Core

@Suite struct TokenEndpointErrorTests {
    let url = "https://acme.zitadel.cloud/oauth/v2/token"

    @Test func rejectionNamesURLStatusErrorAndDescription() {
        let error = TokenEndpointError.rejected(url: url, status: 400, error: "invalid_client",
                                                errorDescription: "client not found", grant: .clientCredentials)
        #expect(error.httpStatus == 400)
        #expect(error.description.hasPrefix(
            #"the token endpoint https://acme.zitadel.cloud/oauth/v2/token answered HTTP 400: error "invalid_client", error_description "client not found""#))
        #expect(error.description.contains("\nhint: "))
        #expect(error.hint?.contains("username") == true)
    }

    @Test func badAssertionHintNamesAudienceClockKeyAndApplicationKeys() throws {
        let error = TokenEndpointError.rejected(url: url, status: 500, error: "server_error",
                                                errorDescription: "Errors.Internal", grant: .jwtBearer)
        let hint = try #require(error.hint)
        for cause in ["aud", "issuer", "trailing slash", "clock", "expired", "numeric id", "API application"] {
            #expect(hint.contains(cause), "hint lacks \(cause)")
        }
    }

    @Test func wrongSecretHintForClientCredentials() throws {
        let error = TokenEndpointError.rejected(url: url, status: 400, error: "invalid_request",
                                                errorDescription: "Errors.User.Machine.Secret.Invalid",
                                                grant: .clientCredentials)
        let hint = try #require(error.hint)
        #expect(hint.contains("CLIENT_SECRET"))
        #expect(hint.contains("empty SCOPE"))
    }

    @Test func rateLimitHintEvenWithoutJSON() throws {
        let error = TokenEndpointError.notJSON(url: url, status: 429, contentType: "text/plain", preview: "Too Many Requests")
        #expect(error.httpStatus == 429)
        #expect(try #require(error.hint).contains("wait"))
        #expect(error.description.contains("not JSON"))
        #expect(error.description.contains("Too Many Requests"))
    }

    @Test func networkFailuresNameTheURLAndHaveNoStatus() {
        let refused = TokenEndpointError.connectionFailed(url: url, reason: "connection refused")
        let slow = TokenEndpointError.timedOut(url: url, seconds: 5)
        #expect(refused.httpStatus == nil && slow.httpStatus == nil)
        #expect(refused.description.hasPrefix("could not reach the token endpoint \(url): connection refused"))
        #expect(slow.description.hasPrefix("the token endpoint \(url) did not answer within 5 s"))
        #expect(refused != slow)
    }

    @Test func unknownOAuthErrorsStillShowStatusAndCodes() {
        let error = TokenEndpointError.rejected(url: url, status: 418, error: "teapot", errorDescription: nil, grant: .jwtBearer)
        #expect(error.hint == nil)
        #expect(error.description == "the token endpoint \(url) answered HTTP 418: error \"teapot\", error_description (none)")
    }
}

extension TokenEndpointErrorTests {
    @Test func aRedirectIsExplainedBecauseCredentialsAreNotFollowedThrough() throws {
        let error = TokenEndpointError.notJSON(url: "http://acme.zitadel.cloud/oauth/v2/token", status: 301,
                                               contentType: "text/html", preview: "<a>Moved</a>")
        #expect(try #require(error.hint).contains("https://"))
    }

    @Test func wrongURLHintForNotFound() throws {
        let error = TokenEndpointError.rejected(url: url, status: 404, error: nil, errorDescription: nil, grant: .jwtBearer)
        #expect(try #require(error.hint).contains("ZITADEL_TOKEN_URL"))
    }
}
