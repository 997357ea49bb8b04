import Foundation
import Testing
import TestSupport
@testable import Core

/// The five samples' settings as the contract's table lists them, declared the way their `main.swift` do.
enum ContractSamples {
    static let domain = Setting.required("ZITADEL_DOMAIN", .issuer, "Your instance's URL, e.g. https://my-instance.zitadel.cloud")
    static let baseURL = Setting.optional("API_BASE_URL", .url, default: "http://localhost:5000", "The API's URL")
    static let introspectionURL = Setting.optional("ZITADEL_INTROSPECTION_URL", .url, "Introspection endpoint")
    static let cacheTTL = Setting.optional("INTROSPECTION_CACHE_TTL", .integer(minimum: 0), default: "60", "Seconds")
    static let tokenURL = Setting.optional("ZITADEL_TOKEN_URL", .url, "Token endpoint")
    static let scope = Setting.optional("SCOPE", "Scopes to ask for")
    static let projectID = Setting.required("PROJECT_ID", "The project's ID")

    static let apiBasic = SampleCommand(sample: "api-basic", summary: "An API using introspection", settings: [
        domain, .required("API_CLIENT_ID", "The API's client ID"),
        .required("API_CLIENT_SECRET", "The API's client secret", secret: true), introspectionURL, baseURL, cacheTTL,
    ])
    static let apiJWT = SampleCommand(sample: "api-jwt", summary: "An API using introspection with a JWT", settings: [
        domain, .required("API_PRIVATE_KEY_FILE", .path, "The API's key file"), introspectionURL, baseURL, cacheTTL,
    ])
    static let clientJWT = SampleCommand(sample: "client-jwt", summary: "JWT bearer grant", settings: [
        domain, projectID, .required("CLIENT_PRIVATE_KEY_FILE_PATH", .path, "The service user's key file"),
        tokenURL, baseURL, scope,
    ], flags: [Flag("--call", "Call the API"), Flag("--zitadel-api", "Call ZITADEL's API")])
    static let clientCC = SampleCommand(sample: "client-cc", summary: "Client credentials grant", settings: [
        domain, projectID, .required("CLIENT_ID", "The service user's name"),
        .required("CLIENT_SECRET", "The service user's secret", secret: true), tokenURL, baseURL, scope,
    ], flags: [Flag("--call", "Call the API"), Flag("--zitadel-api", "Call ZITADEL's API")])
    static let clientPAT = SampleCommand(sample: "client-pat", summary: "Calls the API with a PAT", settings: [
        .required("PAT", "The personal access token", secret: true), baseURL,
    ])
}

@Suite struct SampleSettingsTests {
    static let completeEnvironment = [
        "ZITADEL_DOMAIN": "https://example.zitadel.cloud", "API_CLIENT_ID": "client-1",
        "API_CLIENT_SECRET": "s3cr3t",
    ]

    func load(
        _ command: SampleCommand = ContractSamples.apiBasic, arguments: [String] = [],
        environment: [String: String] = [:], in folder: TemporaryDirectory
    ) throws(SettingsError) -> SampleSettings {
        let options = try CommandLineOptions(arguments: arguments, flags: command.flags)
        return try SampleSettings.load(command, options: options, environment: environment,
                                       currentDirectory: folder.path)
    }

    /// The problems of a load that must fail, with its exit status and message checked on the way.
    func problems(
        _ command: SampleCommand = ContractSamples.apiBasic, arguments: [String] = [],
        environment: [String: String] = [:], in folder: TemporaryDirectory
    ) -> (problems: [SettingProblem], message: String) {
        do {
            _ = try load(command, arguments: arguments, environment: environment, in: folder)
            Issue.record("loaded")
            return ([], "")
        } catch {
            #expect(ExitCode(for: error) == .badSettings)
            guard case .invalidSettings(let problems, _) = error else {
                Issue.record("unexpected \(error)")
                return ([], error.description)
            }
            return (problems, error.description)
        }
    }

    @Test func environmentWinsOverTheEnvFile() throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-basic.env", """
            ZITADEL_DOMAIN="https://from-file.zitadel.cloud"
            API_CLIENT_ID="file-client"
            API_CLIENT_SECRET="file-secret"
            """)
        let settings = try load(environment: ["API_CLIENT_ID": "env-client"], in: folder)
        #expect(settings.string("API_CLIENT_ID") == "env-client")
        #expect(settings.source(of: "API_CLIENT_ID") == .environment)
        #expect(settings.string("API_CLIENT_SECRET") == "file-secret")
        #expect(settings.source(of: "API_CLIENT_SECRET") == .envFile(path: "env/api-basic.env", line: 3))
        #expect(settings.issuer("ZITADEL_DOMAIN").string == "https://from-file.zitadel.cloud")
        #expect(settings.envFile == "env/api-basic.env")
    }

    @Test func defaultsApplyWhenOptionalSettingsAreUnsetOrEmpty() throws {
        let folder = try TemporaryDirectory()
        var environment = Self.completeEnvironment
        environment["INTROSPECTION_CACHE_TTL"] = ""
        let settings = try load(environment: environment, in: folder)
        #expect(settings.url("API_BASE_URL").absoluteString == "http://localhost:5000")
        #expect(settings.source(of: "API_BASE_URL") == .defaultValue)
        #expect(settings.integer("INTROSPECTION_CACHE_TTL") == 60)
        #expect(settings.url(ifSet: "ZITADEL_INTROSPECTION_URL") == nil)
        #expect(settings.string(ifSet: "ZITADEL_INTROSPECTION_URL") == nil)
    }

    @Test func missingDefaultFileIsFineWhenTheEnvironmentHoldsEverything() throws {
        let folder = try TemporaryDirectory()
        let settings = try load(environment: Self.completeEnvironment, in: folder)
        #expect(settings.envFile == nil)
        #expect(settings.string("API_CLIENT_SECRET") == "s3cr3t")
    }

    @Test func missingDefaultFileAndMissingSettingsSayWhereTheyWereLookedFor() throws {
        let folder = try TemporaryDirectory()
        let (problems, message) = problems(environment: ["API_CLIENT_ID": "x"], in: folder)
        #expect(problems.map(\.name) == ["ZITADEL_DOMAIN", "API_CLIENT_SECRET"])
        #expect(problems.allSatisfy { $0.kind == .missing && $0.source == nil })
        #expect(message.contains("the environment (env/api-basic.env does not exist)"))
    }

    @Test func missingExplicitEnvFileIsAnError() throws {
        let folder = try TemporaryDirectory()
        for arguments in [["--env-file", "settings/mine.env"], ["--env-file=settings/mine.env"]] {
            #expect(throws: SettingsError.envFile(
                EnvFileError(path: "settings/mine.env", line: nil, reason: .notFound))) {
                try load(arguments: arguments, environment: Self.completeEnvironment, in: folder)
            }
        }
        let error = SettingsError.envFile(EnvFileError(path: "settings/mine.env", line: nil, reason: .notFound))
        #expect(error.exitCode == .badSettings)
        #expect(error.description == "settings/mine.env: no such file (named by --env-file)")
    }

    @Test func explicitEnvFileReplacesTheDefault() throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-basic.env", "API_CLIENT_ID=default-file\n")
        try folder.write("other/mine.env", "API_CLIENT_ID=explicit-file\n")
        var environment = Self.completeEnvironment
        environment["API_CLIENT_ID"] = nil
        let settings = try load(arguments: ["--env-file", "other/mine.env"], environment: environment, in: folder)
        #expect(settings.string("API_CLIENT_ID") == "explicit-file")
        #expect(settings.source(of: "API_CLIENT_ID") == .envFile(path: "other/mine.env", line: 1))
    }

    @Test func malformedEnvFileStopsWithFileAndLine() throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-basic.env", "ZITADEL_DOMAIN=https://x\nAPI_CLIENT_ID abc\n")
        #expect(throws: SettingsError.envFile(
            EnvFileError(path: "env/api-basic.env", line: 2, reason: .missingEquals(key: "API_CLIENT_ID")))) {
            try load(environment: Self.completeEnvironment, in: folder)
        }
    }

    @Test func relativeKeyFileInEnvFileIsRelativeToThatFilesFolder() throws {
        let folder = try TemporaryDirectory()
        try folder.write("config/env/api-jwt.env", "ZITADEL_DOMAIN=localhost:8080\nAPI_PRIVATE_KEY_FILE=keys/key.json\n")
        let keyPath = try folder.write("config/env/keys/key.json", "{}")
        let settings = try load(ContractSamples.apiJWT, arguments: ["--env-file", "config/env/api-jwt.env"], in: folder)
        #expect(settings.path("API_PRIVATE_KEY_FILE") == URL(fileURLWithPath: keyPath).standardizedFileURL.path)
    }

    @Test func relativeKeyFileFromEnvironmentIsRelativeToTheCurrentDirectory() throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-jwt.env", "ZITADEL_DOMAIN=localhost:8080\n")
        try folder.write("env/keys/key.json", "{}")  // beside the env file: must not be the one chosen
        let keyPath = try folder.write("keys/key.json", "{}")
        let settings = try load(ContractSamples.apiJWT, environment: ["API_PRIVATE_KEY_FILE": "keys/key.json"],
                                in: folder)
        #expect(settings.path("API_PRIVATE_KEY_FILE") == URL(fileURLWithPath: keyPath).standardizedFileURL.path)
        #expect(settings.source(of: "API_PRIVATE_KEY_FILE") == .environment)
    }

    @Test func absoluteKeyFileIsTakenAsItIs() throws {
        let folder = try TemporaryDirectory()
        let keyPath = try folder.write("elsewhere/key.json", "{}")
        try folder.write("env/api-jwt.env", "ZITADEL_DOMAIN=localhost:8080\nAPI_PRIVATE_KEY_FILE=\(keyPath)\n")
        #expect(try load(ContractSamples.apiJWT, in: folder).path("API_PRIVATE_KEY_FILE")
            == URL(fileURLWithPath: keyPath).standardizedFileURL.path)
    }

    @Test func missingKeyFileIsReportedWithTheResolvedPath() throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-jwt.env", "ZITADEL_DOMAIN=localhost:8080\nAPI_PRIVATE_KEY_FILE=nope.json\n")
        let (problems, message) = problems(ContractSamples.apiJWT, in: folder)
        #expect(problems.map(\.name) == ["API_PRIVATE_KEY_FILE"])
        #expect(message.contains("/env/nope.json"))
        #expect(message.contains("env/api-jwt.env:2"))
    }

    /// Every placeholder form of the original files, and the ones inside longer values.
    @Test(arguments: [
        "<YOUR_ZITADEL_DOMAIN>", "<YOUR_ZITADEL_DOMAIN", "YOUR_ZITADEL_DOMAIN", "<YOUR_ZITADEL_DOMAIN>/oauth/v2/token",
        "YOUR_ZITADEL_DOMAIN/oauth/v2/token", "https://YOUR_ZITADEL_DOMAIN", "<your-domain>",
    ])
    func placeholdersAreReportedByNameWithExitCode2(placeholder: String) throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-basic.env", """
            ZITADEL_DOMAIN="\(placeholder)"
            ZITADEL_INTROSPECTION_URL = "\(placeholder)"
            API_CLIENT_ID='\(placeholder)'
            API_CLIENT_SECRET=\(placeholder)
            """)
        let (problems, message) = problems(in: folder)
        #expect(problems.map(\.name)
            == ["ZITADEL_DOMAIN", "API_CLIENT_ID", "API_CLIENT_SECRET", "ZITADEL_INTROSPECTION_URL"])
        #expect(problems.allSatisfy { $0.kind == .placeholder })
        #expect(problems.map(\.source) == [1, 3, 4, 2].map { .envFile(path: "env/api-basic.env", line: $0) })
        #expect(message.contains("ZITADEL_DOMAIN (from env/api-basic.env:1) is still a placeholder"))
        #expect(message.contains("API_CLIENT_SECRET (from env/api-basic.env:4) is still a placeholder:"))
        #expect(message.contains("Looked in the environment, then env/api-basic.env"))
    }

    @Test func emptyRequiredSettingIsReportedWithItsSource() throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-basic.env", "ZITADEL_DOMAIN=https://x.zitadel.cloud\nAPI_CLIENT_ID=\n")
        let (problems, message) = problems(environment: ["API_CLIENT_SECRET": ""], in: folder)
        #expect(problems == [
            SettingProblem(name: "API_CLIENT_ID", kind: .empty, source: .envFile(path: "env/api-basic.env", line: 2),
                           shownValue: nil, meaning: "The API's client ID"),
            SettingProblem(name: "API_CLIENT_SECRET", kind: .empty, source: .environment, shownValue: nil,
                           meaning: "The API's client secret"),
        ])
        #expect(message.contains("API_CLIENT_SECRET (from the environment) is empty"))
    }

    @Test(arguments: [("abc", "is not a whole number"), ("-1", "is less than 0"), ("1.5", "is not a whole number"),
                      (" 5", "is not a whole number"), ("99999999999999999999", "is not a whole number")])
    func integerSettingsAreChecked(value: String, reason: String) throws {
        let folder = try TemporaryDirectory()
        var environment = Self.completeEnvironment
        environment["INTROSPECTION_CACHE_TTL"] = value
        let (problems, _) = problems(environment: environment, in: folder)
        #expect(problems.map(\.kind) == [.invalid(reason)])
    }

    @Test func zeroTurnsTheCacheOff() throws {
        let folder = try TemporaryDirectory()
        var environment = Self.completeEnvironment
        environment["INTROSPECTION_CACHE_TTL"] = "0"
        #expect(try load(environment: environment, in: folder).integer("INTROSPECTION_CACHE_TTL") == 0)
    }

    @Test(arguments: ["localhost:5000", "ftp://x", "http://", "http://user:pw@x", "http://x#f", "not a url"])
    func urlSettingsAreChecked(value: String) throws {
        let folder = try TemporaryDirectory()
        var environment = Self.completeEnvironment
        environment["API_BASE_URL"] = value
        let (problems, message) = problems(environment: environment, in: folder)
        #expect(problems.map(\.name) == ["API_BASE_URL"])
        #expect(message.contains("API_BASE_URL (from the environment) is not an http:// or https:// URL"))
    }

    @Test func portZeroIsAValidBaseURL() throws {
        let folder = try TemporaryDirectory()
        var environment = Self.completeEnvironment
        environment["API_BASE_URL"] = "http://127.0.0.1:0"
        #expect(try load(environment: environment, in: folder).url("API_BASE_URL").port == 0)
    }

    @Test func issuerIsNormalised() throws {
        let folder = try TemporaryDirectory()
        var environment = Self.completeEnvironment
        environment["ZITADEL_DOMAIN"] = "my-instance.zitadel.cloud/"
        let settings = try load(environment: environment, in: folder)
        #expect(settings.issuer("ZITADEL_DOMAIN").string == "https://my-instance.zitadel.cloud")
        #expect(settings.string("ZITADEL_DOMAIN") == "https://my-instance.zitadel.cloud")
    }

    @Test func secretsNeverAppearInMessages() throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-basic.env", "API_CLIENT_SECRET=\"<YOUR_s3cr3t>\"\nPAT=\"abc<your-pat-s3cr3t>\"\n")
        let (_, basic) = problems(in: folder)
        let (_, pat) = problems(ContractSamples.clientPAT, arguments: ["--env-file", "env/api-basic.env"], in: folder)
        #expect(basic.contains("API_CLIENT_SECRET") && pat.contains("PAT"))
        #expect(!basic.contains("s3cr3t") && !pat.contains("s3cr3t"))
    }

    @Test func nonSecretPlaceholdersAreQuotedToHelpFindThem() throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-basic.env", "API_CLIENT_ID=\"<YOUR_API_CLIENT_ID>\"\n")
        let (_, message) = problems(in: folder)
        #expect(message.contains("API_CLIENT_ID (from env/api-basic.env:1) is still a placeholder (\"<YOUR_API_CLIENT_ID>\")"))
    }

    @Test func envFileValuesAreExpandedFromTheEnvironmentAndEarlierLines() throws {
        let folder = try TemporaryDirectory()
        try folder.write("env/api-basic.env", """
            ZITADEL_DOMAIN=https://${INSTANCE}.zitadel.cloud
            ZITADEL_INTROSPECTION_URL=${ZITADEL_DOMAIN}/oauth/v2/introspect
            API_CLIENT_ID=${CLIENT:-fallback}
            API_CLIENT_SECRET=x
            """)
        let settings = try load(environment: ["INSTANCE": "acme"], in: folder)
        #expect(settings.issuer("ZITADEL_DOMAIN").string == "https://acme.zitadel.cloud")
        #expect(settings.url("ZITADEL_INTROSPECTION_URL").absoluteString
            == "https://acme.zitadel.cloud/oauth/v2/introspect")
        #expect(settings.string("API_CLIENT_ID") == "fallback")
    }

    @Test func flagsAreReported() throws {
        let folder = try TemporaryDirectory()
        let environment = ["ZITADEL_DOMAIN": "localhost:8080", "PROJECT_ID": "1", "CLIENT_ID": "u",
                           "CLIENT_SECRET": "s"]
        let withCall = try load(ContractSamples.clientCC, arguments: ["--call"], environment: environment, in: folder)
        #expect(withCall.flag("--call") && !withCall.flag("--zitadel-api"))
        let plain = try load(ContractSamples.clientCC, environment: environment, in: folder)
        #expect(!plain.flag("--call"))
    }

    /// The original Python samples' files load unchanged for the matching sample, and stop it naming every setting
    /// that still holds a placeholder (their key files exist beside them, so the key file settings pass).
    @Test(arguments: [
        ("api-basic-authentication", ContractSamples.apiBasic,
         ["ZITADEL_DOMAIN", "API_CLIENT_ID", "API_CLIENT_SECRET", "ZITADEL_INTROSPECTION_URL"]),
        ("api-jwt", ContractSamples.apiJWT, ["ZITADEL_DOMAIN", "ZITADEL_INTROSPECTION_URL"]),
        ("service-user-jwt", ContractSamples.clientJWT, ["ZITADEL_DOMAIN", "PROJECT_ID", "ZITADEL_TOKEN_URL"]),
        ("service-user-client-credentials", ContractSamples.clientCC,
         ["ZITADEL_DOMAIN", "PROJECT_ID", "CLIENT_ID", "CLIENT_SECRET", "ZITADEL_TOKEN_URL"]),
    ])
    func originalEnvFilesReportTheirPlaceholders(sample: String, command: SampleCommand, names: [String]) throws {
        let folder = try TemporaryDirectory()
        let (problems, message) = problems(command, arguments: ["--env-file", try OriginalEnv.envFile(sample)], in: folder)
        #expect(problems.map(\.name) == names)
        #expect(problems.allSatisfy { $0.kind == .placeholder })
        for name in names { #expect(message.contains(name)) }
    }

    /// Our own templates in env/ parse and stop each sample only for placeholders: with every placeholder set in
    /// the environment, each sample loads (the key file templates exist beside them).
    @Test(arguments: [
        (ContractSamples.apiBasic, ["ZITADEL_DOMAIN", "API_CLIENT_ID", "API_CLIENT_SECRET"]),
        (ContractSamples.apiJWT, ["ZITADEL_DOMAIN"]),
        (ContractSamples.clientJWT, ["ZITADEL_DOMAIN", "PROJECT_ID"]),
        (ContractSamples.clientCC, ["ZITADEL_DOMAIN", "PROJECT_ID", "CLIENT_ID", "CLIENT_SECRET"]),
        (ContractSamples.clientPAT, ["PAT"]),
    ])
    func templatesHoldPlaceholdersForExactlyTheRequiredSettings(command: SampleCommand, names: [String]) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        let options = try CommandLineOptions(arguments: [], flags: command.flags)
        do {
            _ = try SampleSettings.load(command, options: options, environment: [:], currentDirectory: repository)
            Issue.record("template loaded with placeholders")
        } catch {
            guard case .invalidSettings(let problems, let location) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(problems.map(\.name) == names)
            #expect(problems.allSatisfy { $0.kind == .placeholder })
            #expect(location.envFileExists)
        }
        let filled = Dictionary(uniqueKeysWithValues: names.map { ($0, $0 == "ZITADEL_DOMAIN" ? "localhost:8080" : "1") })
        let settings = try SampleSettings.load(command, options: options, environment: filled,
                                               currentDirectory: repository)
        #expect(settings.envFile == "env/\(command.sample).env")
    }
}
