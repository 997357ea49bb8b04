import Testing
@testable import Core

@Suite struct CommandLineOptionsTests {
    static let flags = [Flag("--call", "Call the API"), Flag("--zitadel-api", "Call ZITADEL")]

    @Test func nothingGivenMeansDefaults() throws {
        let options = try CommandLineOptions(arguments: [], flags: Self.flags)
        #expect(options.envFile == nil && !options.wantsHelp && options.flags.isEmpty)
    }

    @Test func readsEnvFileInBothSpellings() throws {
        #expect(try CommandLineOptions(arguments: ["--env-file", "a.env"], flags: []).envFile == "a.env")
        #expect(try CommandLineOptions(arguments: ["--env-file=b=c.env"], flags: []).envFile == "b=c.env")
    }

    @Test func readsHelpAndFlagsInAnyOrder() throws {
        let options = try CommandLineOptions(
            arguments: ["--zitadel-api", "-h", "--env-file", "x.env", "--call"], flags: Self.flags)
        #expect(options.wantsHelp && options.flags == ["--call", "--zitadel-api"] && options.envFile == "x.env")
        #expect(try CommandLineOptions(arguments: ["--help"], flags: []).wantsHelp)
    }

    @Test(arguments: [
        (["--bogus"], SettingsError.unknownArgument("--bogus")),
        (["positional"], .unknownArgument("positional")),
        (["--cal"], .unknownArgument("--cal")),
        (["--env-file"], .missingArgumentValue("--env-file")),
        (["--env-file="], .missingArgumentValue("--env-file")),
        (["--env-file", "--call"], .missingArgumentValue("--env-file")),
        (["--env-file", "a", "--env-file=b"], .repeatedArgument("--env-file")),
        (["--call=yes"], .unexpectedArgumentValue("--call")),
    ])
    func rejectsWithExitCode2(arguments: [String], error: SettingsError) {
        #expect(throws: error) { try CommandLineOptions(arguments: arguments, flags: Self.flags) }
        #expect(error.exitCode == .badSettings)
    }

    @Test func unknownArgumentMessagePointsToHelp() {
        #expect(SettingsError.unknownArgument("--bogus").description
            == "unknown argument \"--bogus\" (--help lists the options)")
    }
}
