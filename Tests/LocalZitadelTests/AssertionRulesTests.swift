import Testing
@testable import LocalZitadelKit

@Suite struct AssertionRulesTests {
    let issuer = "http://127.0.0.1:8080"
    let now = 1_733_163_343

    func valid(iat: Int? = nil, exp: Int? = nil, aud: [String]? = nil, sub: String = "100")
        -> AssertionRules.Claims {
        AssertionRules.Claims(issuer: "100", subject: sub, audience: aud ?? [issuer],
                              issuedAt: iat ?? now, expiresAt: exp ?? now + 600)
    }

    @Test func wellFormedClaimsNameTheKeyOwner() throws {
        #expect(try AssertionRules.checkClaims(valid(), issuer: issuer, now: now) == "100")
    }

    @Test func audienceWithTrailingSlashFails() throws {
        #expect(throws: AssertionRejection.audienceLacksIssuer) {
            try AssertionRules.checkClaims(valid(aud: [issuer + "/"]), issuer: issuer, now: now)
        }
    }

    @Test func audienceNamingTheTokenURLFails() throws {
        #expect(throws: AssertionRejection.audienceLacksIssuer) {
            try AssertionRules.checkClaims(valid(aud: [issuer + "/oauth/v2/token"]), issuer: issuer, now: now)
        }
    }

    @Test func audienceArrayContainingTheIssuerPasses() throws {
        let claims = valid(aud: ["https://elsewhere", issuer])
        #expect(try AssertionRules.checkClaims(claims, issuer: issuer, now: now) == "100")
    }

    @Test func issuerDifferentFromSubjectFails() throws {
        #expect(throws: AssertionRejection.issuerIsNotSubject) {
            try AssertionRules.checkClaims(valid(sub: "200"), issuer: issuer, now: now)
        }
    }

    @Test func issuedAtTooFarInTheFutureFails() throws {
        #expect(throws: AssertionRejection.issuedInTheFuture) {
            try AssertionRules.checkClaims(valid(iat: now + 2), issuer: issuer, now: now)
        }
        #expect(try AssertionRules.checkClaims(valid(iat: now + 1), issuer: issuer, now: now) == "100")
    }

    @Test func issuedAtOlderThanAnHourFails() throws {
        #expect(throws: AssertionRejection.issuedTooLongAgo) {
            try AssertionRules.checkClaims(valid(iat: now - 3601, exp: now + 60), issuer: issuer, now: now)
        }
        #expect(try AssertionRules.checkClaims(valid(iat: now - 3600, exp: now + 60), issuer: issuer, now: now) == "100")
    }

    @Test func expiryMustLieMoreThanASecondAhead() throws {
        #expect(throws: AssertionRejection.expired) {
            try AssertionRules.checkClaims(valid(exp: now + 1), issuer: issuer, now: now)
        }
        #expect(try AssertionRules.checkClaims(valid(exp: now + 2), issuer: issuer, now: now) == "100")
    }

    @Test func missingTimeClaimsFail() throws {
        var noIat = valid()
        noIat.issuedAt = nil
        #expect(throws: AssertionRejection.missingClaim("iat")) {
            try AssertionRules.checkClaims(noIat, issuer: issuer, now: now)
        }
        var noExp = valid()
        noExp.expiresAt = nil
        #expect(throws: AssertionRejection.missingClaim("exp")) {
            try AssertionRules.checkClaims(noExp, issuer: issuer, now: now)
        }
    }
}
