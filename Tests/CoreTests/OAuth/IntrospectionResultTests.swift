import Foundation
import Testing

@testable import Core

@Suite struct IntrospectionResultTests {
    private func parse(_ json: String) throws -> IntrospectionResult {
        try IntrospectionResult(json: Array(json.utf8))
    }

    @Test func bareInactiveAnswerIsComplete() throws {
        let result = try parse(#"{"active":false}"#)
        #expect(result == .inactive)
        #expect(result.principal == nil)
    }

    @Test func zitadelServiceUserAnswerIsRead() throws {
        let result = try parse(
            #"""
            {"active":true,"scope":"openid profile urn:zitadel:iam:org:project:id:294645919545032706:aud",
             "client_id":"billing-worker","token_type":"Bearer","exp":1733206543,"iat":1733163343,"nbf":1733163343,
             "sub":"286399320075272196","aud":["294645919545032706"],"iss":"https://acme.zitadel.cloud",
             "jti":"V2_296398617516703746-at_296398617516769282","username":"billing-worker","name":"Billing Worker",
             "urn:zitadel:iam:org:project:roles":{"read:messages":{"200000000000000001":"acme.zitadel.cloud"}},
             "urn:zitadel:iam:org:project:294645919545032706:roles":{"read:messages":{"200000000000000001":"acme.zitadel.cloud"}}}
            """#)
        let principal = try #require(result.principal)
        #expect(principal.expiresAt == Date(timeIntervalSince1970: 1_733_206_543))
        #expect(principal.roles == ["read:messages"])
        #expect(principal.subject == "286399320075272196")
        #expect(principal.clientID == "billing-worker")
        #expect(principal.username == "billing-worker")
        #expect(principal.organizationID == nil)
        #expect(!principal.isExpired(at: Date(timeIntervalSince1970: 1_733_206_542)))
        #expect(principal.isExpired(at: Date(timeIntervalSince1970: 1_733_206_543)))
    }

    @Test func rolesComeFromTheProjectSpecificClaimAlone() throws {
        let result = try parse(
            #"{"active":true,"urn:zitadel:iam:org:project:42:roles":{"read:messages":{"1":"a"},"write":{"1":"a"}}}"#)
        #expect(result.principal?.roles == ["read:messages", "write"])
    }

    @Test func rolesAreNeverTakenFromScope() throws {
        let result = try parse(
            #"{"active":true,"scope":"read:messages urn:zitadel:iam:org:project:role:read:messages","urn:zitadel:iam:org:projects:roles":{"read:messages":{}}}"#
        )
        let principal = try #require(result.principal)
        #expect(principal.roles.isEmpty)
        #expect(!principal.hasRole("read:messages"))
    }

    @Test func onlyTheTwoRoleClaimShapesCount() {
        #expect(IntrospectionResult.isRolesClaim("urn:zitadel:iam:org:project:roles"))
        #expect(IntrospectionResult.isRolesClaim("urn:zitadel:iam:org:project:294645919545032706:roles"))
        #expect(!IntrospectionResult.isRolesClaim("urn:zitadel:iam:org:projects:roles"))
        #expect(!IntrospectionResult.isRolesClaim("urn:zitadel:iam:org:project::roles"))
        #expect(!IntrospectionResult.isRolesClaim("urn:zitadel:iam:org:project:a:b:roles"))
        #expect(!IntrospectionResult.isRolesClaim("urn:zitadel:iam:org:project:id:42:aud"))
    }

    @Test func activeMustBeAJSONBoolean() {
        for body in [#"{"active":1}"#, #"{"active":"true"}"#, #"{"active":null}"#, #"{"exp":1}"#, "[]", "true"] {
            #expect(throws: IntrospectionResult.MalformedAnswer.self, "\(body)") { try parse(body) }
        }
    }

    @Test func garbageIsNotAnAnswer() {
        for body in ["", "<html>502 Bad Gateway</html>", #"{"active":true"#, "\u{FF}"] {
            #expect(throws: IntrospectionResult.MalformedAnswer.self, "\(body)") { try parse(body) }
        }
    }

    @Test func anActiveAnswerWithANonNumericExpIsRefused() {
        #expect(throws: IntrospectionResult.MalformedAnswer.self) { try parse(#"{"active":true,"exp":"soon"}"#) }
    }

    @Test func activeWithoutExpStaysActive() throws {
        let result = try parse(#"{"active":true}"#)
        #expect(result.principal?.isExpired(at: .distantFuture) == false)
    }

    @Test func oddRoleClaimShapesGiveNoRolesButDoNotFail() throws {
        let result = try parse(#"{"active":true,"urn:zitadel:iam:org:project:roles":"read:messages"}"#)
        #expect(result.principal?.roles == [])
        let listed = try parse(#"{"active":true,"urn:zitadel:iam:org:project:roles":["read:messages"]}"#)
        #expect(listed.principal?.roles == ["read:messages"])
    }
}

extension IntrospectionResultTests {
    @Test func theUsersOrganisationIsReadWhenTheScopeAskedForIt() throws {
        let result = try parse(
            #"{"active":true,"sub":"7","urn:zitadel:iam:user:resourceowner:id":"200000000000000001","# +
            #""urn:zitadel:iam:user:resourceowner:name":"Acme"}"#)
        #expect(result.principal?.organizationID == "200000000000000001")
    }

    @Test func anInactiveAnswerKeepsNothingElseItCarried() throws {
        #expect(try parse(#"{"active":false,"sub":"7","exp":1,"username":"u"}"#) == .inactive)
    }

    @Test func duplicateActiveMembersAreRefused() {
        #expect(throws: IntrospectionResult.MalformedAnswer.self) { try parse(#"{"active":false,"active":true}"#) }
    }
}
