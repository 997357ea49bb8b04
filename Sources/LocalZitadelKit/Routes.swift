import Core
import Foundation

/// The request as the stand-in's endpoints read it: no HTTP types, so routing is testable without a socket.
public struct StandInRequest: Sendable, Equatable {
    public var method: String
    /// The path without the query.
    public var path: String
    public var authorization: String?
    public var contentType: String?
    public var body: [UInt8]

    public init(method: String, path: String, authorization: String? = nil, contentType: String? = nil,
                body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.authorization = authorization
        self.contentType = contentType
        self.body = body
    }
}

/// Which endpoint answers which path and method; unknown paths 404, other methods 405 with `Allow`.
extension ZitadelStandIn {
    public func respond(to request: StandInRequest) -> Reply {
        switch request.path {
        case Path.discovery:
            return onlyGET(request) { discoveryDocument() }
        case Path.keys:
            return onlyGET(request) { keySet() }
        case Path.organization:
            return onlyGET(request) { organizationOfCaller(authorization: request.authorization) }
        case Path.token:
            return onlyPOST(request) { token(authorization: request.authorization, form: $0) }
        case Path.introspection:
            return onlyPOST(request) { introspect(authorization: request.authorization, form: $0) }
        case Path.revocation:
            return onlyPOST(request) { revoke(authorization: request.authorization, form: $0) }
        default:
            return .json(["code": 5, "message": "Not Found"], status: 404)
        }
    }

    private func onlyGET(_ request: StandInRequest, _ answer: () -> Reply) -> Reply {
        guard request.method == "GET" || request.method == "HEAD" else { return methodNotAllowed("GET, HEAD") }
        return answer()
    }

    /// The OAuth endpoints take `application/x-www-form-urlencoded` POST bodies (RFC 6749 §3.2, RFC 7662 §2.1).
    /// Like Go's `ParseForm`, a body of another type is not read, so its fields count as absent.
    private func onlyPOST(_ request: StandInRequest, _ answer: (FormFields) -> Reply) -> Reply {
        guard request.method == "POST" else { return methodNotAllowed("POST") }
        let isForm = request.contentType.map {
            $0.lowercased().hasPrefix("application/x-www-form-urlencoded")
        } ?? false
        guard isForm else { return answer(FormFields()) }
        do {
            return answer(try FormFields(body: request.body))
        } catch {
            return OAuthErrorReply(status: 400, error: "invalid_request", description: "error parsing form").reply()
        }
    }

    private func methodNotAllowed(_ allow: String) -> Reply {
        Reply(status: 405, body: ["code": 12, "message": "Method Not Allowed"], headers: ["Allow": allow])
    }

    /// One line per request for stderr: method, path, status, who (or why refused), duration. Never a token, a
    /// secret or an assertion: the path has no query and `principal` holds names and reasons only.
    /// Whatever came from the request (path, a client id, an assertion's `alg`) is made printable and short first,
    /// so a request cannot forge or flood log lines.
    public static func logLine(_ request: StandInRequest, _ reply: Reply, milliseconds: Double) -> String {
        let who = reply.principal.map { " " + printable($0, limit: 120) } ?? ""
        let path = printable(request.path, limit: 200)
        let method = printable(request.method, limit: 16)
        return "\(method) \(path) \(reply.status)\(who) \(String(format: "%.1f", milliseconds))ms"
    }

    /// Control characters become `?`; beyond `limit` characters the text is cut and marked with `…`.
    static func printable(_ text: String, limit: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(limit) {
            scalars.append(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar)
        }
        return String(scalars) + (text.unicodeScalars.count > limit ? "…" : "")
    }
}
