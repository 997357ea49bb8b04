import Foundation

extension TokenProvider {
    /// A provider that asks `client` for a token with `scope`, building the grant afresh for every request — a
    /// JWT-bearer assertion carries its own `iat`/`exp`, so the one from the last refresh may be too old.
    public init(client: TokenClient, scope: [String], refreshMargin: TimeInterval = 60,
                makeGrant: @escaping @Sendable () throws -> TokenGrant) {
        self.init(refreshMargin: refreshMargin) {
            try await client.requestToken(grant: makeGrant(), scope: scope)
        }
    }

    /// A service user's tokens by the client-credentials grant (its user name and a generated secret), from the
    /// token endpoint at `tokenURL`, or the one the issuer's discovery document names (looked up when a token is
    /// needed, so that creating the provider sends nothing).
    ///
    /// - Parameter scope: usually `TokenScope.zitadelDefault(projectID:)` of the project whose API is called.
    public static func clientCredentials(
        issuer: String, clientID: String, clientSecret: String, scope: [String], tokenURL: URL? = nil,
        http: HTTPClient = HTTPClient(), refreshMargin: TimeInterval = 60
    ) -> TokenProvider {
        TokenProvider(refreshMargin: refreshMargin) {
            let client = try await TokenClient.resolving(issuer: issuer, tokenURL: tokenURL, http: http)
            return try await client.requestToken(
                grant: .clientCredentials(clientID: clientID, clientSecret: clientSecret), scope: scope)
        }
    }
}
