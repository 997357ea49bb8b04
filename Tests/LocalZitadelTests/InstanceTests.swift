import Core
import Foundation
import Testing
@testable import LocalZitadelKit

extension Instance.APIApplication {
    var credentialKey: Instance.MachineKey? {
        if case .key(let key) = credential { return key }
        return nil
    }
}

extension CPUBoundSuites {
    @Suite struct InstanceTests {
        @Test func generatedInstanceHasFreshDistinctKeysAndSecrets() async throws {
            let clock = ContinuousClock()
            let start = clock.now
            let first = try await Instance.generate(grantsRole: true, accessTokenType: .opaque)
            let elapsed = clock.now - start
            print("Instance.generate (three 2048-bit keys, concurrently): \(elapsed)")
            #expect(first.signingKey.publicKey.modulusBitCount == 2048)
            #expect(first.serviceUser.key.publicKey != first.signingKey.publicKey)
            #expect(first.serviceUser.key.publicKey != first.jwtApplication.credentialKey?.publicKey)
        }

        @Test func secretsAndPATAreFreshOnEveryStart() throws {
            let first = try StandInFixture().instance
            let second = try StandInFixture().instance
            #expect(first.serviceUser.clientSecret != second.serviceUser.clientSecret)
            #expect(first.serviceUser.personalAccessToken != second.serviceUser.personalAccessToken)
            #expect(first.serviceUser.key.keyID != second.serviceUser.key.keyID)
            #expect(first.serviceUser.clientSecret.count == 64)
            #expect(first.serviceUser.clientSecret.allSatisfy { $0.isLetter || $0.isNumber })
        }

        @Test func noRoleLeavesTheGrantOut() throws {
            let withRole = try StandInFixture().instance
            let withoutRole = try StandInFixture(grantsRole: false).instance
            #expect(withRole.serviceUser.projectRoles == ["read:messages"])
            #expect(withoutRole.serviceUser.projectRoles.isEmpty)
            #expect(withoutRole.roleClaim(userID: withoutRole.serviceUser.userID, projectID: withoutRole.project.id).isEmpty)
        }

        @Test func rolesAreMapsOfOrganizationToDomain() throws {
            let instance = try StandInFixture().instance
            let claim = instance.roleClaim(userID: instance.serviceUser.userID, projectID: instance.project.id)
            #expect(claim == ["read:messages": .object([instance.organization.id: .string(instance.organization.primaryDomain)])])
            #expect(instance.roleClaim(userID: instance.serviceUser.userID, projectID: "other").isEmpty)
        }
    }
}
