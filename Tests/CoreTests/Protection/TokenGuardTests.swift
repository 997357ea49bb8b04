import Foundation
import Testing

@testable import Core

/// Every row of the status table through the guard's one call, with an introspector that answers what each row needs
/// (the same rows against the real stand-in: TokenGuardStandInTests).
@Suite struct TokenGuardTests {
    let clock = ManualClock()

    private func tokenGuard(
        ttl: Duration = .seconds(60), _ answers: @escaping @Sendable (String) -> Result<IntrospectionResult, IntrospectionError>
    ) -> (TokenGuard, CountingIntrospector) {
        let introspector = CountingIntrospector(answers: answers)
        let clock = clock
        let tokenGuard = TokenGuard(
            introspector: introspector, configuration: .init(cacheTTL: ttl, realm: "messages"), now: { clock.now })
        return (tokenGuard, introspector)
    }

    private func answer(_ json: String) -> Result<IntrospectionResult, IntrospectionError> {
        Result { try IntrospectionResult(json: Array(json.utf8)) }.mapError { _ in
            .unavailable(endpoint: "test", reason: "unreadable")
        }
    }

    private var exp: Int { Int(clock.now.timeIntervalSince1970) + 3600 }

    private func check(
        _ tokenGuard: TokenGuard, _ authorization: [String], _ requirement: TokenRequirement = .activeToken
    ) async -> TokenVerdict {
        await tokenGuard.check(authorization: authorization, requirement: requirement, client: "203.0.113.7")
    }

    @Test func noHeaderIsRefused401WithoutAskingZitadel() async {
        let (tokenGuard, introspector) = tokenGuard { _ in .success(.inactive) }
        let verdict = await check(tokenGuard, [])
        #expect(verdict.refusal?.reason == .noToken)
        #expect(verdict.refusal?.status == 401)
        #expect(verdict.refusal?.wwwAuthenticate == #"Bearer realm="messages""#)
        #expect(verdict.source == .header)
        #expect(verdict.tokenFingerprint == nil)
        #expect(introspector.callCount == 0)
    }

    @Test func malformedAndAmbiguousHeadersAreRefusedWithoutAskingZitadel() async {
        let (tokenGuard, introspector) = tokenGuard { _ in .success(.inactive) }
        #expect(await check(tokenGuard, ["Bearer a b"]).refusal?.reason == .malformedToken)
        #expect(await check(tokenGuard, ["Bearer a", "Bearer b"]).refusal?.status == 400)
        #expect(await check(tokenGuard, ["Basic YTpi"]).refusal?.reason == .noToken)
        #expect(introspector.callCount == 0)
    }

    @Test func anUnknownTokenIsRefused401InvalidToken() async {
        let (tokenGuard, introspector) = tokenGuard { [self] _ in answer(#"{"active":false}"#) }
        let verdict = await check(tokenGuard, ["Bearer unknown"])
        #expect(verdict.refusal?.reason == .inactiveToken)
        #expect(verdict.refusal?.status == 401)
        #expect(verdict.source == .introspection)
        #expect(verdict.tokenFingerprint == TokenFingerprint.digits(of: "unknown"))
        #expect(introspector.callCount == 1)
    }

    @Test func anActiveAnswerPastItsExpIsRefused401() async {
        let past = Int(clock.now.timeIntervalSince1970) - 1
        let (tokenGuard, _) = tokenGuard { [self] _ in answer(#"{"active":true,"sub":"7","exp":\#(past)}"#) }
        let verdict = await check(tokenGuard, ["Bearer t"])
        #expect(verdict.refusal?.reason == .expiredToken)
        #expect(verdict.refusal?.status == 401)
    }

    @Test func anActiveTokenWithoutTheRoleIsRefused403() async {
        let (tokenGuard, _) = tokenGuard { [self] _ in answer(#"{"active":true,"sub":"7","exp":\#(exp)}"#) }
        #expect(await check(tokenGuard, ["Bearer t"]).principal != nil)
        let verdict = await check(tokenGuard, ["Bearer t"], .role("read:messages"))
        #expect(verdict.refusal?.reason == .missingRole("read:messages"))
        #expect(verdict.refusal?.status == 403)
    }

    @Test func theRoleInTheGenericClaimIsGranted() async {
        let (tokenGuard, _) = tokenGuard { [self] _ in
            answer(#"{"active":true,"exp":\#(exp),"urn:zitadel:iam:org:project:roles":{"read:messages":{"1":"a"}}}"#)
        }
        #expect(await check(tokenGuard, ["Bearer t"], .role("read:messages")).principal?.roles == ["read:messages"])
    }

    @Test func theRoleOnlyInTheProjectClaimIsGranted() async {
        let (tokenGuard, _) = tokenGuard { [self] _ in
            answer(#"{"active":true,"exp":\#(exp),"urn:zitadel:iam:org:project:42:roles":{"read:messages":{"1":"a"}}}"#)
        }
        #expect(await check(tokenGuard, ["Bearer t"], .role("read:messages")).principal != nil)
    }

    @Test func theRoleOnlyInScopeIsNotGranted() async {
        let (tokenGuard, _) = tokenGuard { [self] _ in
            answer(#"{"active":true,"exp":\#(exp),"scope":"openid read:messages"}"#)
        }
        #expect(await check(tokenGuard, ["Bearer t"], .role("read:messages")).refusal?.status == 403)
    }

    @Test func zitadelDownIs503WithTheCauseAndIsNotRemembered() async {
        let failure = IntrospectionError.unavailable(endpoint: "http://z/oauth/v2/introspect", reason: "connection refused")
        let (tokenGuard, introspector) = tokenGuard { _ in .failure(failure) }
        let verdict = await check(tokenGuard, ["Bearer t"])
        #expect(verdict.refusal?.status == 503)
        #expect(verdict.refusal?.reason == .introspectionUnavailable)
        #expect(verdict.refusal?.cause == failure)
        #expect(verdict.refusal?.wwwAuthenticate == nil)
        _ = await check(tokenGuard, ["Bearer t"])
        #expect(introspector.callCount == 2)
    }

    @Test func theAPIsOwnCredentialsRefusedIs500WithTheCause() async {
        let failure = IntrospectionError.credentialsRejected(endpoint: "http://z", status: 400, error: "unauthorized_client")
        let (tokenGuard, _) = tokenGuard { _ in .failure(failure) }
        let verdict = await check(tokenGuard, ["Bearer t"])
        #expect(verdict.refusal?.status == 500)
        #expect(verdict.refusal?.reason == .introspectionMisconfigured)
        #expect(verdict.refusal?.cause == failure)
        #expect(verdict.refusal?.body.contains("unauthorized_client") == false)
    }

    @Test func aGrantedPrincipalCarriesEveryFieldOfTheAnswer() async {
        let (tokenGuard, _) = tokenGuard { [self] _ in
            answer(
                #"{"active":true,"sub":"286399320075272196","client_id":"billing-worker","username":"billing-worker","#
                    + #""exp":\#(exp),"urn:zitadel:iam:user:resourceowner:id":"200000000000000001","#
                    + #""urn:zitadel:iam:org:project:roles":{"read:messages":{"200000000000000001":"acme"}}}"#)
        }
        let principal = await check(tokenGuard, ["Bearer t"], .role("read:messages")).principal
        #expect(
            principal
                == Principal(
                    subject: "286399320075272196", clientID: "billing-worker", username: "billing-worker",
                    roles: ["read:messages"], organizationID: "200000000000000001",
                    expiresAt: Date(timeIntervalSince1970: TimeInterval(exp))))
    }
}

extension TokenGuardTests {
    @Test func aRememberedTokenIsDecidedWithoutWaitingAndWithoutAskingAgain() async {
        let (tokenGuard, introspector) = tokenGuard { [self] _ in
            answer(#"{"active":true,"exp":\#(exp),"urn:zitadel:iam:org:project:roles":{"read:messages":{"1":"a"}}}"#)
        }
        let authorization = ["Bearer t"]
        #expect(tokenGuard.verdictWithoutWaiting(authorization: authorization, requirement: .activeToken) == nil)
        #expect(await check(tokenGuard, authorization).source == .introspection)
        let hit = tokenGuard.verdictWithoutWaiting(
            authorization: authorization, requirement: .role("read:messages"))
        #expect(hit?.principal != nil)
        #expect(hit?.source == .cache)
        #expect(hit?.tokenFingerprint == TokenFingerprint.digits(of: "t"))
        #expect(
            tokenGuard.verdictWithoutWaiting(authorization: authorization, requirement: .role("write"))?
                .refusal?.status == 403)
        #expect(await check(tokenGuard, authorization).source == .cache)
        #expect(introspector.callCount == 1)
        #expect(tokenGuard.cachedTokenCount == 1)
    }

    @Test func theHeaderAloneIsDecidedWithoutWaiting() {
        let (tokenGuard, _) = tokenGuard { _ in .success(.inactive) }
        let verdict = tokenGuard.verdictWithoutWaiting(authorization: [], requirement: .activeToken)
        #expect(verdict?.refusal?.reason == .noToken)
    }

    @Test func aCachedTokenIsRefusedOnceItsExpHasPassed() async {
        let exp = exp
        let (tokenGuard, introspector) = tokenGuard(ttl: .seconds(7200)) { [self] _ in
            answer(#"{"active":true,"exp":\#(exp)}"#)
        }
        #expect(await check(tokenGuard, ["Bearer t"]).principal != nil)
        clock.advance(by: 3600)
        // The entry ends at exp; the token is introspected again, and the same answer is now past its exp.
        #expect(await check(tokenGuard, ["Bearer t"]).refusal?.reason == .expiredToken)
        #expect(introspector.callCount == 2)
    }

    @Test func concurrentRequestsWithOneNewTokenShareOneCall() async {
        let introspector = CountingIntrospector(delay: .milliseconds(200)) { [exp] _ in
            .success(.active(Principal(expiresAt: Date(timeIntervalSince1970: TimeInterval(exp)))))
        }
        let clock = clock
        let tokenGuard = TokenGuard(introspector: introspector, now: { clock.now })
        let sources = await withTaskGroup(of: TokenVerdict.Source.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    await tokenGuard.check(authorization: ["Bearer t"], requirement: .activeToken, client: nil).source
                }
            }
            return await group.reduce(into: [TokenVerdict.Source]()) { $0.append($1) }
        }
        #expect(introspector.callCount == 1)
        #expect(sources.filter { $0 == .introspection }.count == 1)
        #expect(sources.allSatisfy { $0 == .introspection || $0 == .sharedIntrospection || $0 == .cache })
    }
}
