import Testing
@testable import Core

@Suite struct SampleCommandTests {
    @Test(arguments: [ContractSamples.apiBasic, ContractSamples.apiJWT, ContractSamples.clientJWT,
                      ContractSamples.clientCC, ContractSamples.clientPAT])
    func helpListsEverySettingWithMeaningAndDefaultAndEveryFlag(command: SampleCommand) {
        let usage = command.usage(program: "Sample")
        #expect(usage.hasPrefix("Sample: \(command.summary)\n"))
        for setting in command.settings {
            let requirement = switch setting.requirement {
            case .required: "required"
            case .optional(let value?): "optional, default \(value)"
            case .optional(nil): "optional"
            }
            #expect(usage.contains("  \(setting.name) (\(requirement)"))
            #expect(usage.contains("      \(setting.meaning)\n"))
        }
        for flag in command.flags { #expect(usage.contains("  \(flag.name) ") && usage.contains(flag.meaning)) }
        #expect(usage.contains("--env-file PATH"))
        #expect(usage.contains("env/\(command.sample).env"))
        #expect(usage.contains("-h, --help"))
    }

    @Test func helpMarksSecretsAndShowsTheSynopsis() {
        let usage = ContractSamples.clientCC.usage(program: "ClientCC")
        #expect(usage.contains("Usage: ClientCC [--env-file PATH] [--call] [--zitadel-api] [-h|--help]"))
        #expect(usage.contains("  CLIENT_SECRET (required, secret)"))
        #expect(usage.contains("  API_BASE_URL (optional, default http://localhost:5000)"))
    }
}
