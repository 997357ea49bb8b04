import Testing
@testable import Core

@Suite struct JWTHeaderTests {
    @Test func readsRegisteredParametersAndKeepsTheRest() throws {
        let header = try JWTHeader(json: ["alg": "RS256", "kid": "k", "typ": "JWT", "x5t": "abc"])
        #expect(header == JWTHeader(algorithm: "RS256", keyID: "k", type: "JWT", other: ["x5t": "abc"]))
        #expect(header.json == ["alg": "RS256", "kid": "k", "typ": "JWT", "x5t": "abc"])
    }

    @Test func refusesNonStringKid() {
        #expect(throws: JWTError.invalidHeaderParameter(name: "kid", expected: "a string")) {
            try JWTHeader(json: ["alg": "RS256", "kid": 7])
        }
    }

    @Test func typedParametersWinOverOther() {
        let header = JWTHeader(algorithm: "RS256", other: ["alg": "none", "kid": "x"])
        #expect(header.json == ["alg": "RS256"])
    }
}
