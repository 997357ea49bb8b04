import Foundation

/// One exchange with a token endpoint (RFC 6749 §3.2): POSTs a grant as a form and turns the answer into a
/// ``TokenResponse`` or a ``TokenEndpointError``.
///
/// Invariant: every outcome other than a usable 200 answer is a typed error naming the URL, and no error or
/// description carries the secret, the assertion or the token.
public struct TokenClient: Sendable {
    public let tokenURL: URL
    private let http: HTTPClient

    public init(tokenURL: URL, http: HTTPClient = HTTPClient()) {
        self.tokenURL = tokenURL
        self.http = http
    }

    /// Asks for a token with `grant` and the space-separated `scope`.
    public func requestToken(grant: TokenGrant, scope: [String]) async throws(TokenEndpointError) -> TokenResponse {
        let response = try await send(grant: grant, scope: scope)
        return try Self.interpret(response, url: tokenURL.absoluteString, grant: grant)
    }

    private func send(grant: TokenGrant, scope: [String]) async throws(TokenEndpointError) -> OutboundResponse {
        var headers: [(name: String, value: String)] = []
        if let basic = grant.basicCredentials {
            // RFC 6749 §2.3.1: the credentials go in the header only, never also in the body (ZITADEL: 400).
            headers.append(("Authorization", ClientSecretBasic.authorizationHeader(
                clientID: basic.clientID, secret: basic.clientSecret)))
        }
        let fields = grant.formParameters(scope: TokenScope.join(scope)).map { ($0.name, $0.value) }
        let request = OutboundRequest.formPost(url: tokenURL, fields: fields, headers: headers)
        do {
            return try await http.send(request)
        } catch {
            throw Self.networkError(error, url: tokenURL.absoluteString)
        }
    }

    static func networkError(_ error: HTTPClientError, url: String) -> TokenEndpointError {
        switch error {
        case .timedOut(_, _, let after):
            let (seconds, attoseconds) = after.components
            return .timedOut(url: url, seconds: Double(seconds) + Double(attoseconds) / 1e18)
        case .connectionFailed(_, _, let reason):
            return .connectionFailed(url: url, reason: reason)
        case .unsupportedURL:
            return .connectionFailed(url: url, reason: "not an absolute http:// or https:// URL")
        case .cancelled:
            return .connectionFailed(url: url, reason: "the request was cancelled")
        }
    }

    /// RFC 6749 §5.1 and §5.2. Any status other than 200 is a failure, whatever the body says; 429 and 503 carry
    /// the wait their `Retry-After` asks for (RFC 6585 §4, RFC 9110 §10.2.3).
    static func interpret(
        _ response: OutboundResponse, url: String, grant: TokenGrant, now: Date = Date()
    ) throws(TokenEndpointError) -> TokenResponse {
        let contentType = response[header: "content-type"]
        if response.status == 429 || response.status == 503 {
            throw .rateLimited(
                url: url, status: response.status,
                retryAfter: RetryAfter.delay(response[header: "Retry-After"], now: now))
        }
        guard response.status == 200 else {
            guard let body = (try? JSONValue.parse(response.body))?.objectValue else {
                throw .notJSON(url: url, status: response.status, contentType: contentType,
                               preview: preview(of: response.body, hiding: grant))
            }
            throw .rejected(url: url, status: response.status,
                            error: body["error"]?.stringValue.map { shown($0, hiding: grant, limit: 80) },
                            errorDescription: body["error_description"]?.stringValue.map { shown($0, hiding: grant, limit: 300) },
                            grant: grant.kind)
        }
        do {
            return try TokenResponse(json: response.body)
        } catch .notJSONObject {
            throw .notJSON(url: url, status: 200, contentType: contentType, preview: "")
        } catch {
            throw .malformedAnswer(url: url, problem: error)
        }
    }

    /// At most 80 printable ASCII characters of an error body (a proxy's page says what went wrong).
    static func preview(of body: [UInt8], hiding grant: TokenGrant) -> String {
        shown(String(decoding: body, as: UTF8.self), hiding: grant, limit: 80)
    }

    /// Server-supplied text made safe to print: nothing if it echoes the credentials, control characters (a
    /// terminal's escape sequences) and line breaks turned into spaces, runs of spaces collapsed, `limit` characters.
    static func shown(_ text: String, hiding grant: TokenGrant, limit: Int) -> String {
        let secret: String
        switch grant {
        case .jwtBearer(let assertion): secret = assertion
        case .clientCredentials(_, let clientSecret): secret = clientSecret
        }
        if !secret.isEmpty, text.contains(secret) || text.contains(FormURLEncoding.encode(component: secret)) {
            return "(not shown: it contains the credentials)"
        }
        let printable = text.unicodeScalars.map { scalar -> Character in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : Character(scalar)
        }
        let collapsed = String(printable).split(separator: " ").joined(separator: " ")
        return collapsed.count > limit ? String(collapsed.prefix(limit)) + "…" : collapsed
    }
}
