import Foundation

/// Anything that can tell whether a token is active: the real client below, or a stand-in in tests.
public protocol TokenIntrospecting: Sendable {
    func introspect(token: String) async throws(IntrospectionError) -> IntrospectionResult
}

/// Asks ZITADEL about a token (RFC 7662): `POST {introspection endpoint}` with the form `token=…`, authenticated as
/// the API application (docs/zitadel.md, "Introspection").
///
/// Outcomes: a readable 200 answer is a result, whatever it says; everything else is an `IntrospectionError` of the
/// transient kind (no connection, timeout, 5xx, unreadable answer; 429 and 503 as `rateLimited`, with the wait their
/// `Retry-After` asks for) or the configuration kind (the API's own credentials rejected, another 4xx, a redirect).
public final class IntrospectionClient: TokenIntrospecting {
    public let authentication: ClientAuthentication
    private let endpoint: URL?
    private let discovery: OpenIDDiscovery
    private let http: HTTPClient

    /// `endpoint` is `ZITADEL_INTROSPECTION_URL` when set; without it the endpoint is discovered from `issuer`
    /// on first use and remembered.
    public init(issuer: String, endpoint: URL? = nil, authentication: ClientAuthentication, http: HTTPClient = HTTPClient()) {
        self.authentication = authentication
        self.endpoint = endpoint
        self.discovery = OpenIDDiscovery(issuer: issuer, client: http)
        self.http = http
    }

    public func introspect(token: String) async throws(IntrospectionError) -> IntrospectionResult {
        let url = try await resolveEndpoint()
        let (headers, fields) = try authentication.credentials(endpoint: url.absoluteString)
        let request = OutboundRequest.formPost(url: url, fields: [("token", token)] + fields, headers: headers)
        let response: OutboundResponse
        do {
            response = try await http.send(request)
        } catch {
            throw .unavailable(endpoint: url.absoluteString, reason: error.description)
        }
        return try Self.interpret(response, endpoint: url.absoluteString, now: Date())
    }

    private func resolveEndpoint() async throws(IntrospectionError) -> URL {
        if let endpoint { return endpoint }
        let configuration: OpenIDConfiguration
        do {
            configuration = try await discovery.configuration()
        } catch {
            if error.isTransient { throw .unavailable(endpoint: discovery.documentAddress, reason: error.description) }
            throw .requestRejected(endpoint: discovery.documentAddress, reason: error.description)
        }
        guard let url = configuration.introspectionEndpoint else {
            throw .requestRejected(
                endpoint: discovery.documentAddress,
                reason: "the discovery document has no introspection_endpoint; set ZITADEL_INTROSPECTION_URL")
        }
        return url
    }

    /// The outcome table of docs/zitadel.md, "Introspection", as one pure function.
    static func interpret(_ response: OutboundResponse, endpoint: String, now: Date = Date()) throws(IntrospectionError)
        -> IntrospectionResult
    {
        switch response.status {
        case 200:
            do {
                return try IntrospectionResult(json: response.body)
            } catch {
                throw .unavailable(endpoint: endpoint, reason: "HTTP 200 but \(error.reason)")
            }
        case 429, 503:
            // RFC 6585 §4, RFC 9110 §15.6.4: "slow down", and for how long.
            throw .rateLimited(
                endpoint: endpoint, status: response.status,
                retryAfter: RetryAfter.delay(response[header: "Retry-After"], now: now))
        case 500...599:
            throw .unavailable(endpoint: endpoint, reason: "HTTP \(response.status)")
        case 400, 401:
            let (code, detail) = oauthError(in: response.body)
            // ZITADEL answers 400 unauthorized_client for a wrong secret or a bad assertion; RFC 7662 §2.3 says 401.
            if response.status == 401 || code == "unauthorized_client" || code == "invalid_client" {
                throw .credentialsRejected(endpoint: endpoint, status: response.status, error: code)
            }
            throw .requestRejected(
                endpoint: endpoint,
                reason: "HTTP \(response.status)" + (code.map { " \($0)" } ?? "") + (detail.map { ": \($0)" } ?? ""))
        case 300...399:
            let location = response[header: "Location"].map { " to \(printable($0))" } ?? ""
            throw .requestRejected(
                endpoint: endpoint,
                reason: "HTTP \(response.status) redirect\(location); set the introspection URL to the final address")
        case 402...499:
            throw .requestRejected(endpoint: endpoint, reason: "HTTP \(response.status)")
        default:
            throw .unavailable(endpoint: endpoint, reason: "unexpected HTTP \(response.status)")
        }
    }

    /// `error` and `error_description` of an RFC 6749 §5.2 error body, when the body is one; shortened and
    /// stripped of control characters, since they end up in a log line.
    private static func oauthError(in body: [UInt8]) -> (String?, String?) {
        guard let members = (try? JSONValue.parse(body))?.objectValue else { return (nil, nil) }
        return (members["error"]?.stringValue.map(printable), members["error_description"]?.stringValue.map(printable))
    }

    private static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(200)))
    }
}
