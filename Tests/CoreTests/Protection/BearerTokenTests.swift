import Testing

@testable import Core

@Suite struct BearerTokenTests {
    private func extract(_ values: String...) -> BearerToken.Extraction {
        BearerToken.extract(authorization: values)
    }

    @Test func bearerTokenIsFound() {
        #expect(extract("Bearer abc.DEF-ghi_~+/==") == .token("abc.DEF-ghi_~+/=="))
    }

    @Test func schemeIsCaseInsensitiveAndSpacesAreTolerated() {
        #expect(extract("bearer t0k") == .token("t0k"))
        #expect(extract("BEARER   t0k  ") == .token("t0k"))
        #expect(extract(" Bearer t0k") == .token("t0k"))
    }

    @Test func absentOrOtherSchemesCountAsNoToken() {
        #expect(BearerToken.extract(authorization: []) == .missing)
        #expect(extract("Basic YXBpOnNlY3JldA==") == .missing)
        #expect(extract("Bearer") == .missing)
        #expect(extract("Bearer   ") == .missing)
        #expect(extract("Bearerabc") == .missing)
        #expect(extract("") == .missing)
    }

    @Test func nonToken68IsMalformed() {
        #expect(extract("Bearer a b") == .malformed)
        #expect(extract("Bearer a=b") == .malformed)
        #expect(extract("Bearer ===") == .malformed)
        #expect(extract("Bearer tok\u{0}en") == .malformed)
        #expect(extract("Bearer \"quoted\"") == .malformed)
        #expect(extract("Bearer\ttab") == .missing)
    }

    @Test func twoAuthorizationHeadersAreAmbiguous() {
        #expect(extract("Bearer a", "Bearer b") == .ambiguous)
    }
}

extension BearerTokenTests {
    @Test func syntaxCheckCanBeLeftToTheCaller() {
        #expect(BearerToken.extract(authorization: ["Bearer a\"b"], checkingSyntax: false) == .token("a\"b"))
        #expect(!BearerToken.isWellFormed("a\"b"))
        #expect(BearerToken.isWellFormed("abc+/=="))
        #expect(BearerToken.extract(authorization: ["Bearer   "], checkingSyntax: false) == .missing)
    }

    @Test func headersAreSearchedCaseInsensitivelyLikeTheArrayForm() {
        let one: HTTPHeaders = ["Host": "api", "authorization": "Bearer t0k"]
        #expect(BearerToken.extract(from: one) == .token("t0k"))
        let none: HTTPHeaders = ["Host": "api", "Authorisation": "Bearer t0k"]
        #expect(BearerToken.extract(from: none) == .missing)
        let two: HTTPHeaders = ["Authorization": "Bearer a", "Accept": "*/*", "AUTHORIZATION": "Bearer b"]
        #expect(BearerToken.extract(from: two) == .ambiguous)
        let bad: HTTPHeaders = ["Authorization": "Bearer a b"]
        #expect(BearerToken.extract(from: bad) == .malformed)
        #expect(BearerToken.extract(from: bad, checkingSyntax: false) == .token("a b"))
    }
}
