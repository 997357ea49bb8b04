import TestSupport

/// What `./tutorial` starts for each of its scenarios: LocalZitadel with some flags, its settings in a fresh folder,
/// and both APIs (APIBasic, APIJWT) started with the settings it wrote, each on a free port. Every process is killed
/// when the instance is released, so a failing test leaves none behind; `stop()` is the graceful way.
struct TutorialInstance {
    static let apiNames = ["APIBasic", "APIJWT"]
    static let clientNames = ["ClientJWT", "ClientCC", "ClientPAT"]

    let zitadel: LocalZitadelProcess
    let apis: [String: SampleProcess.Running]

    static func start(_ flags: [String] = []) async throws -> TutorialInstance {
        let zitadel = try await LocalZitadelProcess.launch(flags)
        var apis: [String: SampleProcess.Running] = [:]
        for name in apiNames {
            apis[name] = try await SampleProcess.startAPI(name, envFile: zitadel.envFile(for: name))
        }
        return TutorialInstance(zitadel: zitadel, apis: apis)
    }

    func api(_ name: String) throws -> SampleProcess.Running {
        try require_(apis[name])
    }

    /// `API_BASE_URL=<api> <client> --env-file <its file> --call`, `environment` added (it beats the file).
    func call(_ client: String, through api: String, environment: [String: String] = [:]) async throws
        -> SampleProcess.Result {
        let base = try self.api(api).baseURL
        return try await SampleProcess.run(
            client, ["--env-file", zitadel.envFile(for: client), "--call"],
            environment: ["API_BASE_URL": base].merging(environment) { $1 })
    }

    /// Stops the APIs, then the stand-in (SIGTERM); true when every one exited with status 0.
    func stop() async -> Bool {
        var clean = true
        for name in Self.apiNames { clean = await apis[name]?.stop() == 0 && clean }
        return await zitadel.stop() == 0 && clean
    }
}

extension LocalZitadelProcess {
    /// The settings file this stand-in wrote for `sample` ("APIBasic", "ClientJWT", ...).
    func envFile(for sample: String) -> String {
        envDirectory + "/" + (SampleProcess.envFileName[sample] ?? "unknown-sample.env")
    }
}
