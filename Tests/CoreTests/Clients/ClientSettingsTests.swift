import Foundation
import Testing
@testable import Core

@Suite struct ClientSettingsTests {
    func load(_ environment: [String: String], arguments: [String] = []) throws -> SampleSettings {
        let flags = [ClientSettings.call, ClientSettings.zitadelAPI]
        let command = SampleCommand(sample: "client-cc", summary: "test",
                                    settings: [ClientSettings.zitadelDomain, ClientSettings.projectID] + ClientSettings.tokenOptions,
                                    flags: flags)
        return try SampleSettings.load(command, options: try CommandLineOptions(arguments: arguments, flags: flags),
                                       environment: environment, currentDirectory: "/nonexistent")
    }

    let base = ["ZITADEL_DOMAIN": "https://acme.zitadel.cloud/", "PROJECT_ID": "42"]

    @Test func defaultScopeNamesTheProject() throws {
        #expect(ClientSettings.scope(from: try load(base))
            == ["openid", "profile", "urn:zitadel:iam:org:project:id:42:aud", "urn:zitadel:iam:org:projects:roles"])
    }

    @Test func scopeSettingReplacesTheDefault() throws {
        var environment = base
        environment["SCOPE"] = "openid  urn:zitadel:iam:org:project:id:7:aud"
        #expect(ClientSettings.scope(from: try load(environment)) == ["openid", "urn:zitadel:iam:org:project:id:7:aud"])
    }

    @Test func zitadelAPIFlagAddsZitadelsAudience() throws {
        let scope = ClientSettings.scope(from: try load(base, arguments: ["--zitadel-api"]))
        #expect(scope.last == "urn:zitadel:iam:org:project:id:zitadel:aud")
        #expect(scope.count == 5)
    }

    @Test func apiBaseURLDefaultsToLocalhost5000() throws {
        let settings = try load(base)
        #expect(settings.url("API_BASE_URL").absoluteString == "http://localhost:5000")
        #expect(settings.url(ifSet: "ZITADEL_TOKEN_URL") == nil)
        #expect(settings.issuer("ZITADEL_DOMAIN").string == "https://acme.zitadel.cloud")
    }
}
