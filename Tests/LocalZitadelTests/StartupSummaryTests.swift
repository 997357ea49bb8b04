import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct StartupSummaryTests {
        @Test func summaryNamesTheInstanceButNoSecret() throws {
            let fixture = try StandInFixture(grantsRole: false)
            let summary = fixture.standIn.startupSummary(options: LocalZitadelOptions(), settingsFiles: ["env/local/a.env"])
            #expect(summary.contains(StandInFixture.issuer))
            #expect(summary.contains("billing-worker"))
            #expect(summary.contains(fixture.instance.project.id))
            #expect(summary.contains("not granted (--no-role)"))
            #expect(!summary.contains(fixture.instance.serviceUser.clientSecret))
            #expect(!summary.contains(fixture.instance.serviceUser.personalAccessToken))
            #expect(!summary.contains(fixture.basicSecret))
            #expect(!summary.contains("PRIVATE KEY"))
        }
    }
}
