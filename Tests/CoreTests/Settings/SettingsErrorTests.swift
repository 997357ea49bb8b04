import Testing
@testable import Core

@Suite struct SettingsErrorTests {
    @Test func everyCaseMeansExitCode2() {
        let errors: [SettingsError] = [
            .unknownArgument("x"), .missingArgumentValue("--env-file"), .unexpectedArgumentValue("--call"),
            .repeatedArgument("--env-file"), .envFile(EnvFileError(path: "a", line: 1, reason: .expectedKey)),
            .invalidSettings([], lookedIn: SettingsLocation(envFilePath: "env/a.env", envFileExists: true)),
        ]
        for error in errors { #expect(ExitCode(for: error) == .badSettings) }
    }

    @Test func listsEveryProblemInOneMessage() {
        let error = SettingsError.invalidSettings([
            SettingProblem(name: "ZITADEL_DOMAIN", kind: .missing, source: nil, shownValue: nil, meaning: "Your URL"),
            SettingProblem(name: "API_CLIENT_SECRET", kind: .placeholder,
                           source: .envFile(path: "env/api-basic.env", line: 5), shownValue: nil, meaning: "Secret"),
            SettingProblem(name: "INTROSPECTION_CACHE_TTL", kind: .invalid("is less than 0"), source: .environment,
                           shownValue: "-1", meaning: "Seconds"),
        ], lookedIn: SettingsLocation(envFilePath: "env/api-basic.env", envFileExists: true))
        #expect(error.description == """
            3 settings need fixing:
              ZITADEL_DOMAIN is not set: Your URL
              API_CLIENT_SECRET (from env/api-basic.env:5) is still a placeholder: Secret
              INTROSPECTION_CACHE_TTL (from the environment) is less than 0: Seconds
            Looked in the environment, then env/api-basic.env. Set them in the environment or in env/api-basic.env; \
            --help lists every setting.
            """)
    }

    @Test func oneProblemReadsInTheSingular() {
        let error = SettingsError.invalidSettings([
            SettingProblem(name: "PAT", kind: .empty, source: .environment, shownValue: nil, meaning: "The token"),
        ], lookedIn: SettingsLocation(envFilePath: "env/client-pat.env", envFileExists: false))
        #expect(error.description == """
            a setting needs fixing:
              PAT (from the environment) is empty: The token
            Looked in the environment (env/client-pat.env does not exist). Set it in the environment or in \
            env/client-pat.env; --help lists every setting.
            """)
    }
}
