import Foundation

/// The clients' human summary of a token they obtained, for stderr: token type, expiry, the scope asked for — and a
/// warning when that scope cannot work with the sample APIs. Never the token itself.
public enum TokenSummary {
    public static func lines(for response: TokenResponse, scope: [String], now: Date = Date()) -> [String] {
        var expiry = "no expires_in"
        if let seconds = response.expiresIn {
            let at = now.addingTimeInterval(TimeInterval(seconds))
            expiry = "expires in \(seconds) s (at \(at.formatted(.iso8601)))"
        }
        var lines = ["got a \(response.tokenType) token (\(TokenFingerprint.of(response.accessToken))), \(expiry)",
                     "scope asked: \(TokenScope.join(scope))"]
        if !TokenScope.hasProjectAudience(scope) {
            // docs/zitadel.md, "Scopes": without it the project is not in the audience and introspection says inactive.
            lines.append("note: no urn:zitadel:iam:org:project:id:{PROJECT_ID}:aud scope, so the API will see this "
                + "token as inactive (401)")
        }
        return lines
    }
}
