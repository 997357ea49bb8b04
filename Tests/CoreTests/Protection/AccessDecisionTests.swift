import Foundation
import Testing

@testable import Core

@Suite struct AccessDecisionTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)
    private let realm = "api"

    private func decide(_ result: IntrospectionResult, role: String? = nil) -> AccessDecision {
        AccessDecision.decide(.success(result), requiredRole: role, now: now)
    }

    @Test func missingHeaderIs401WithABareChallenge() {
        let decision = AccessDecision.precheck(.missing)
        #expect(decision == .noToken)
        #expect(decision?.status == 401)
        #expect(decision?.wwwAuthenticate(realm: realm) == #"Bearer realm="api""#)
    }

    @Test func inactiveTokenIsRejectedWith401InvalidToken() {
        let decision = decide(IntrospectionResult(active: false))
        #expect(decision == .invalidToken(.inactive))
        #expect(decision.status == 401)
        #expect(
            decision.wwwAuthenticate(realm: realm)
                == #"Bearer realm="api", error="invalid_token", error_description="The access token is inactive, unknown, revoked or expired.""#
        )
    }

    @Test func activeButExpiredTokenIsRejectedWith401() {
        let decision = decide(IntrospectionResult(active: true, expiresAt: now.addingTimeInterval(-1)))
        #expect(decision == .invalidToken(.expired))
        #expect(decision.status == 401)
        #expect(decision.wwwAuthenticate(realm: realm)?.contains(#"error="invalid_token""#) == true)
    }

    @Test func missingRoleIs403InsufficientScope() {
        let decision = decide(IntrospectionResult(active: true, roles: ["write"]), role: "read:messages")
        #expect(decision == .missingRole("read:messages"))
        #expect(decision.status == 403)
        #expect(decision.wwwAuthenticate(realm: realm)?.contains(#"error="insufficient_scope""#) == true)
    }

    @Test func activeTokenWithTheRoleIsGranted() {
        #expect(decide(IntrospectionResult(active: true, roles: ["read:messages"]), role: "read:messages") == .granted)
        #expect(decide(IntrospectionResult(active: true, expiresAt: now.addingTimeInterval(1))) == .granted)
    }

    @Test func failuresMapTo503Or500WithoutChallenge() {
        let unavailable = AccessDecision.decide(
            .failure(.unavailable(endpoint: "x", reason: "HTTP 502")), requiredRole: nil, now: now)
        #expect(unavailable.status == 503)
        #expect(unavailable.wwwAuthenticate(realm: realm) == nil)
        let rejected = AccessDecision.decide(
            .failure(.credentialsRejected(endpoint: "x", status: 400, error: "unauthorized_client")),
            requiredRole: nil, now: now)
        #expect(rejected.status == 500)
        #expect(rejected.wwwAuthenticate(realm: realm) == nil)
    }

    @Test func malformedAndAmbiguousHeadersAreDecidedWithoutIntrospection() {
        #expect(AccessDecision.precheck(.malformed) == .invalidToken(.malformed))
        #expect(AccessDecision.precheck(.malformed)?.status == 401)
        #expect(AccessDecision.precheck(.ambiguous)?.status == 400)
        #expect(AccessDecision.precheck(.token("t")) == nil)
    }

    @Test func descriptionsAreSafeInsideAQuotedString() {
        let all: [AccessDecision] = [.noToken, .ambiguousCredentials, .invalidToken(.malformed), .invalidToken(.inactive),
            .invalidToken(.expired), .missingRole("read:messages"), .introspectionUnavailable, .introspectionMisconfigured]
        for decision in all {
            let description = decision.error?.description ?? ""
            #expect(!description.isEmpty)
            #expect(description.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\"" && $0 != "\\" })
        }
    }
}
