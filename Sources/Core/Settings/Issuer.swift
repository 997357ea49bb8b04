import Foundation

/// A ZITADEL instance's issuer URL, the one value every sample starts from (`ZITADEL_DOMAIN`).
///
/// Invariant: `string` is an absolute `http` or `https` URL with a host, without user info, query, fragment or
/// trailing slash, exactly as ZITADEL writes its `iss` (OpenID Connect Discovery 1.0 §4.3 compares issuers as
/// strings, and a client assertion's `aud` must be the issuer, RFC 7523 §3). A bare host such as
/// `my-instance.zitadel.cloud` or `localhost:8080` gets `https://`, because that is how ZITADEL Cloud is reached and
/// people copy the host from the console.
public struct Issuer: Sendable, Hashable, CustomStringConvertible {
    public let url: URL
    public var string: String { url.absoluteString }
    public var description: String { string }

    public init(_ text: String) throws(IssuerError) {
        var candidate = text.trimmingCharacters(in: .whitespaces)
        if candidate.isEmpty { throw .empty }
        if !candidate.contains("://") { candidate = "https://" + candidate }
        while candidate.hasSuffix("/") { candidate.removeLast() }
        guard var components = URLComponents(string: candidate) else { throw .notAURL(text) }
        guard let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw .unsupportedScheme(text)
        }
        guard let host = components.host, !host.isEmpty else { throw .noHost(text) }
        if components.user != nil || components.password != nil || components.query != nil
            || components.fragment != nil {
            throw .extraParts(text)
        }
        if let port = components.port, !(1...65535).contains(port) { throw .notAURL(text) }
        // Scheme and host are case-insensitive (RFC 3986 §6.2.2.1); ZITADEL writes them in lower case.
        components.scheme = scheme
        components.host = host.lowercased()
        guard let url = components.url else { throw .notAURL(text) }
        self.url = url
    }

    /// The endpoint at `path` under the issuer, e.g. `appending(path: "/oauth/v2/introspect")`.
    public func appending(path: String) -> URL {
        let relative = path.drop { $0 == "/" }
        return relative.isEmpty ? url : url.appendingPathComponent(String(relative))
    }
}

/// Why a text is not an issuer. An issuer is not a secret, so the messages quote it.
public enum IssuerError: Error, Equatable, CustomStringConvertible {
    case empty
    case notAURL(String)
    case unsupportedScheme(String)
    case noHost(String)
    case extraParts(String)

    public var description: String {
        switch self {
        case .empty: "is empty; expected your instance's URL, e.g. https://my-instance.zitadel.cloud"
        case .notAURL(let text): "\"\(text)\" is not a URL; expected e.g. https://my-instance.zitadel.cloud"
        case .unsupportedScheme(let text): "\"\(text)\" must start with https:// (or http:// for a local instance)"
        case .noHost(let text): "\"\(text)\" has no host name"
        case .extraParts(let text): "\"\(text)\" must be just the instance's URL, without user, query or fragment"
        }
    }
}
