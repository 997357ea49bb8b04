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

    @Test func whatFollowsTheSchemeIsTheTokenAndOnlyAToken68PassesTheCheck() {
        for candidate in ["a b", "a=b", "===", "tok\u{0}en", "\"quoted\""] {
            #expect(extract("Bearer \(candidate)") == .token(Substring(candidate)))
            #expect(!BearerToken.isToken68(Substring(candidate)), "\(candidate)")
        }
        for token in ["abc", "abc.DEF-ghi_~+/==", "a="] {
            #expect(BearerToken.isToken68(Substring(token)), "\(token)")
        }
        #expect(!BearerToken.isToken68(""))
        #expect(extract("Bearer\ttab") == .missing)
    }

    @Test func twoAuthorizationHeadersAreAmbiguous() {
        #expect(extract("Bearer a", "Bearer b") == .ambiguous)
    }
}

extension BearerTokenTests {
    @Test func oneHeaderValueIsReadLikeAListOfOne() {
        #expect(BearerToken.extract("Bearer t0k") == .token("t0k"))
        #expect(BearerToken.extract("Bearer a b") == .token("a b"))
        #expect(BearerToken.extract("Basic abc") == .missing)
    }

    @Test func theTokenIsASliceOfTheHeaderWithoutItsPadding() {
        guard case .token(let token) = extract("  Bearer   abc==\t") else {
            Issue.record("no token")
            return
        }
        #expect(token == "abc==")
    }
}
