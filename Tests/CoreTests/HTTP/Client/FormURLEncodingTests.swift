import Testing

@testable import Core

@Suite struct FormURLEncodingTests {
    @Test func unreservedCharactersAreKept() {
        let unreserved = "ABCXYZabcxyz0189-._~"
        #expect(FormURLEncoding.encode(component: unreserved) == unreserved)
    }

    @Test func spaceBecomesPlusAndEverythingElseIsPercentEncoded() {
        #expect(FormURLEncoding.encode(component: "a b") == "a+b")
        #expect(FormURLEncoding.encode(component: "+/%:!*&=?#") == "%2B%2F%25%3A%21%2A%26%3D%3F%23")
        #expect(FormURLEncoding.encode(component: "é€") == "%C3%A9%E2%82%AC")
        #expect(FormURLEncoding.encode(component: "\n\u{0}") == "%0A%00")
    }

    @Test func fieldsAreJoinedInOrder() {
        let body = FormURLEncoding.encode([
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("token", "a.b+c/d"),
        ])
        #expect(
            body
                == "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&token=a.b%2Bc%2Fd"
        )
    }

    @Test func decodingInvertsEncoding() throws {
        let fields = [("scope", "openid profile urn:zitadel:iam:org:projects:roles"), ("x", "+/%:! é"), ("", "")]
        let decoded = try FormURLEncoding.decode(FormURLEncoding.encode(fields))
        #expect(decoded.map(\.0) == fields.map(\.0))
        #expect(decoded.map(\.1) == fields.map(\.1))
    }

    @Test func decodingFollowsTheWHATWGParser() throws {
        let decoded = try FormURLEncoding.decode("a=1&&b&c=x%3dy=z&d=%7e~*")
        #expect(decoded.map(\.0) == ["a", "b", "c", "d"])
        #expect(decoded.map(\.1) == ["1", "", "x=y=z", "~~*"])
    }

    @Test func badPercentEscapesAreRejectedWithTheirOffset() {
        #expect(throws: FormURLEncoding.DecodingError.badPercentEscape(offset: 6)) {
            try FormURLEncoding.decode("token=%4")
        }
        #expect(throws: FormURLEncoding.DecodingError.badPercentEscape(offset: 4)) {
            try FormURLEncoding.decode("a=1&%zz=2")
        }
        #expect(throws: FormURLEncoding.DecodingError.notUTF8) { try FormURLEncoding.decode("a=%FF") }
    }
}
