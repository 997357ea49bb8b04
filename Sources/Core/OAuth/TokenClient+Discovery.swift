import Foundation

extension TokenClient {
    /// A client for `tokenURL` when it is set (`ZITADEL_TOKEN_URL`), else for the `token_endpoint` of the issuer's
    /// discovery document (OpenID Connect Discovery 1.0 §4), which self-hosted instances may have moved.
    public static func resolving(issuer: String, tokenURL: URL?, http: HTTPClient = HTTPClient())
        async throws(TokenEndpointError) -> TokenClient
    {
        if let tokenURL { return TokenClient(tokenURL: tokenURL, http: http) }
        let discovery = OpenIDDiscovery(issuer: issuer, client: http)
        do {
            return TokenClient(tokenURL: try await discovery.configuration().tokenEndpoint, http: http)
        } catch {
            throw .discoveryFailed(url: discovery.documentAddress, reason: error.description)
        }
    }
}
