import Testing
@testable import Core

@Suite struct EnvFileErrorTests {
    @Test(arguments: [
        (EnvFileError(path: "env/a.env", line: 3, reason: .unterminatedQuote(key: "API_CLIENT_SECRET")),
         "env/a.env:3: the quote that opens API_CLIENT_SECRET's value is never closed"),
        (EnvFileError(path: "env/a.env", line: 2, reason: .missingEquals(key: "API_CLIENT_ID")),
         "env/a.env:2: API_CLIENT_ID is followed by more text but no '=' (write API_CLIENT_ID=value)"),
        (EnvFileError(path: "env/a.env", line: nil, reason: .notFound), "env/a.env: no such file"),
        (EnvFileError(path: "env/a.env", line: nil, reason: .tooLarge(limit: 1024)),
         "env/a.env: is larger than 1024 bytes; an env file holds a few settings"),
    ])
    func describesPlaceThenProblem(error: EnvFileError, description: String) {
        #expect(error.description == description)
    }
}
