// Token endpoint answers: any status and body becomes a TokenResponse or a typed TokenEndpointError, never a
// crash; a parsed token is non-empty, a lifetime non-negative, and no error description repeats the secret.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenAnswer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = input.first else { return 0 }
    let statuses = [200, 200, 200, 400, 401, 429, 500, 502]
    let response = OutboundResponse(status: statuses[Int(first) % statuses.count],
                                    headers: ["content-type": "application/json"], body: Array(input.dropFirst()))
    let secret = "fuzz-secret-\u{1F511}"
    let grant = TokenGrant.clientCredentials(clientID: "fuzz", clientSecret: secret)
    do {
        let token = try TokenClient.interpret(response, url: "http://127.0.0.1/oauth/v2/token", grant: grant)
        precondition(response.status == 200 && !token.accessToken.isEmpty && (token.expiresIn ?? 0) >= 0)
    } catch {
        precondition(!error.description.contains(secret), "an error message repeats the secret")
    }
    return 0
}
