import Testing
@testable import LocalZitadelKit

@Suite struct LocalZitadelOptionsTests {
    @Test func defaultsWithoutArguments() throws {
        guard case .run(let options) = try LocalZitadelOptions.parse([]) else {
            Issue.record("expected run")
            return
        }
        #expect(options.port == 8080)
        #expect(options.accessTokenType == .opaque)
        #expect(options.grantsRole)
        #expect(options.clockOffsetSeconds == 0)
        #expect(options.envDirectory == "env/local")
    }

    @Test func everyFlagIsRead() throws {
        let command = try LocalZitadelOptions.parse(
            ["--port", "0", "--access-token-type=jwt", "--no-role", "--clock-offset", "-7200", "--env-dir", "/tmp/x"])
        guard case .run(let options) = command else {
            Issue.record("expected run")
            return
        }
        #expect(options.port == 0)
        #expect(options.accessTokenType == .jwt)
        #expect(!options.grantsRole)
        #expect(options.clockOffsetSeconds == -7200)
        #expect(options.envDirectory == "/tmp/x")
    }

    @Test func helpWins() throws {
        #expect(try LocalZitadelOptions.parse(["--port", "1", "--help"]) == .help)
        #expect(LocalZitadelOptions.help.contains("--access-token-type"))
    }

    @Test func badArgumentsAreNamed() throws {
        #expect(throws: OptionsError.unknownArgument("--bogus")) { try LocalZitadelOptions.parse(["--bogus"]) }
        #expect(throws: OptionsError.missingValue("--port")) { try LocalZitadelOptions.parse(["--port"]) }
        #expect(throws: OptionsError.invalidValue("--port", "70000")) {
            try LocalZitadelOptions.parse(["--port", "70000"])
        }
        #expect(throws: OptionsError.invalidValue("--access-token-type", "paseto")) {
            try LocalZitadelOptions.parse(["--access-token-type", "paseto"])
        }
    }
}

extension LocalZitadelOptionsTests {
    @Test func rateLimitAndLatencyAreRead() throws {
        guard case .run(let options) = try LocalZitadelOptions.parse(["--rate-limit", "50", "--latency=250"]) else {
            Issue.record("expected run")
            return
        }
        #expect(options.rateLimit?.requests == 50 && options.rateLimit?.seconds == 1)
        #expect(options.latencyMilliseconds == 250)
        guard case .run(let window) = try LocalZitadelOptions.parse(["--rate-limit=1/3"]) else {
            Issue.record("expected run")
            return
        }
        #expect(window.rateLimit?.requests == 1 && window.rateLimit?.seconds == 3)
        guard case .run(let plain) = try LocalZitadelOptions.parse([]) else { return }
        #expect(plain.rateLimit == nil && plain.latencyMilliseconds == 0)
    }

    @Test func badRateLimitsAndLatenciesAreRefused() {
        for value in ["0", "-1", "x", "5/0", "5/", "/3", "5/3/1"] {
            #expect(throws: OptionsError.invalidValue("--rate-limit", value)) {
                try LocalZitadelOptions.parse(["--rate-limit", value])
            }
        }
        #expect(throws: OptionsError.invalidValue("--latency", "-5")) { try LocalZitadelOptions.parse(["--latency", "-5"]) }
    }
}
