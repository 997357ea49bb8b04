import Testing
@testable import Core

@Suite struct ExitCodeTests {
    struct NetworkDown: Error {}
    struct BadKeyFile: ExitCodeProviding {
        var exitCode: ExitCode { .badSettings }
    }

    @Test func valuesAreTheDocumentedOnes() {
        #expect(ExitCode.success.rawValue == 0)
        #expect(ExitCode.remoteFailure.rawValue == 1)
        #expect(ExitCode.badSettings.rawValue == 2)
    }

    @Test func errorsNameTheirStatusElseTheyAreRemoteFailures() {
        #expect(ExitCode(for: NetworkDown()) == .remoteFailure)
        #expect(ExitCode(for: BadKeyFile()) == .badSettings)
        #expect(ExitCode(for: SettingsError.unknownArgument("x")) == .badSettings)
    }
}
