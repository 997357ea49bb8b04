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
}
