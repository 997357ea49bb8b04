import TestSupport

/// What the tutorial adds to running a sample: the settings file LocalZitadel writes for each, and an API started
/// with one of them on a free port.
extension SampleProcess {
    /// The settings file LocalZitadel writes for each sample.
    static let envFileName = [
        "APIBasic": "api-basic.env", "APIJWT": "api-jwt.env", "ClientJWT": "client-jwt.env",
        "ClientCC": "client-cc.env", "ClientPAT": "client-pat.env",
    ]

    /// Starts an API with `--env-file envFile` on a free port (`API_BASE_URL=http://127.0.0.1:0` in its environment,
    /// which beats the file), `environment` added; waits (at most 60 s) for its "listening on" line.
    static func startAPI(_ name: String, envFile: String, environment: [String: String] = [:]) async throws
        -> Running {
        try await start(
            name, ["--env-file", envFile],
            environment: ["API_BASE_URL": "http://127.0.0.1:0"].merging(environment) { $1 })
    }
}
