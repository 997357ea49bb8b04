import Foundation
import Synchronization

/// The endpoints an issuer publishes at `{issuer}/.well-known/openid-configuration` (OpenID Connect Discovery
/// 1.0 §4), as far as these samples use them.
public struct OpenIDConfiguration: Sendable, Equatable {
    public var issuer: String
    public var tokenEndpoint: URL
    public var introspectionEndpoint: URL?
    public var jwksURI: URL?

    public init(issuer: String, tokenEndpoint: URL, introspectionEndpoint: URL? = nil, jwksURI: URL? = nil) {
        self.issuer = issuer
        self.tokenEndpoint = tokenEndpoint
        self.introspectionEndpoint = introspectionEndpoint
        self.jwksURI = jwksURI
    }
}

/// Why discovery gave no configuration. Each message names the discovery URL.
public enum DiscoveryError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreachable(HTTPClientError)
    case status(url: String, status: Int)
    case malformed(url: String, reason: String)
    /// OIDC Discovery §4.3: the document's `issuer` must be exactly the issuer it was fetched from.
    case issuerMismatch(url: String, expected: String, published: String)
    case missingEndpoint(url: String, member: String)

    public var description: String {
        switch self {
        case .unreachable(let error): return "OpenID discovery failed: \(error)"
        case .status(let url, let status): return "OpenID discovery at \(url) answered HTTP \(status)"
        case .malformed(let url, let reason): return "OpenID discovery at \(url): \(reason)"
        case .issuerMismatch(let url, let expected, let published):
            return "OpenID discovery at \(url) publishes issuer \(published), not \(expected): "
                + "set ZITADEL_DOMAIN to \(published)"
        case .missingEndpoint(let url, let member):
            return "OpenID discovery at \(url) has no \(member); set the endpoint URL explicitly"
        }
    }

    /// Network trouble and 5xx/429 are worth retrying; a wrong document is not.
    public var isTransient: Bool {
        switch self {
        case .unreachable: return true
        case .status(_, let status): return status >= 500 || status == 429
        case .malformed, .issuerMismatch, .missingEndpoint: return false
        }
    }
}

/// Fetches an issuer's discovery document once and remembers it for the life of the process (endpoints do not
/// move while a sample runs). A failure is not remembered: the next call tries again.
public final class OpenIDDiscovery: Sendable {
    public let issuer: String
    /// `{issuer}/.well-known/openid-configuration`, as text (it may not even form a URL if the issuer is bad).
    public let documentAddress: String
    private let client: HTTPClient
    private let cached = Mutex<OpenIDConfiguration?>(nil)

    /// `issuer` as settings normalise it: scheme and host, no trailing slash (one is dropped here too). An issuer
    /// that does not form a URL is reported by `configuration()`, where every other discovery problem is.
    public init(issuer: String, client: HTTPClient = HTTPClient()) {
        self.issuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        self.documentAddress = self.issuer + "/.well-known/openid-configuration"
        self.client = client
    }

    public func configuration() async throws(DiscoveryError) -> OpenIDConfiguration {
        if let known = cached.withLock({ $0 }) { return known }
        let fetched = try await fetch()
        cached.withLock { $0 = fetched }
        return fetched
    }

    private func fetch() async throws(DiscoveryError) -> OpenIDConfiguration {
        let url = documentAddress
        guard let documentURL = URL(string: url), documentURL.host != nil else {
            throw .malformed(url: url, reason: "the issuer \(issuer) does not form a URL (expected https://host)")
        }
        let response: OutboundResponse
        do {
            response = try await client.send(OutboundRequest(url: documentURL, headers: [("Accept", "application/json")]))
        } catch {
            throw .unreachable(error)
        }
        guard response.status == 200 else { throw .status(url: url, status: response.status) }
        guard let document = (try? JSONValue.parse(response.body))?.objectValue else {
            throw .malformed(url: url, reason: "the document is not a JSON object")
        }
        guard let published = document["issuer"]?.stringValue else {
            throw .malformed(url: url, reason: "the document has no issuer")
        }
        guard published == issuer else { throw .issuerMismatch(url: url, expected: issuer, published: published) }
        guard let token = document["token_endpoint"]?.stringValue else {
            throw .missingEndpoint(url: url, member: "token_endpoint")
        }
        guard let tokenURL = URL(string: token) else {
            throw .malformed(url: url, reason: "token_endpoint is not a URL")
        }
        return OpenIDConfiguration(
            issuer: published, tokenEndpoint: tokenURL,
            introspectionEndpoint: document["introspection_endpoint"]?.stringValue.flatMap(URL.init(string:)),
            jwksURI: document["jwks_uri"]?.stringValue.flatMap(URL.init(string:)))
    }
}
