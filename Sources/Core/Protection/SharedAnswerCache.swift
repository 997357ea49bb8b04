import Foundation

/// A cache of introspection answers that several API processes share (`INTROSPECTION_CACHE_URL`, Redis or Valkey):
/// the token guard asks it after its own cache and before ZITADEL, so that a token is introspected once for the whole
/// fleet, not once per replica (docs/zitadel.md, "What the APIs cache").
///
/// It is named by the token's SHA-256 in hex, never by the token; the answer it keeps is only what a decision needs
/// (`SharedAnswer`). A cache that cannot be asked throws: the guard then goes on to ZITADEL, as if it had missed.
public protocol SharedAnswerCache: Sendable {
    /// The answer remembered for the token whose SHA-256 is `tokenDigest` (64 lowercase hex digits); nil when none.
    func answer(forTokenDigest tokenDigest: String) async throws -> SharedAnswer?
    /// Remembers `answer` for `lifetime`, after which the cache itself forgets it.
    func remember(_ answer: SharedAnswer, forTokenDigest tokenDigest: String, lifetime: Duration) async throws
    /// Claims the right to ask ZITADEL about the token for `lifetime`: true for the first replica to claim it, false
    /// while another replica's claim lasts — that one is asking, and its answer will be remembered shortly. So that
    /// replicas that get a new token at the same moment introspect it once between them, not once each. A cache
    /// without claims answers true (every replica asks); that is the default.
    func claim(forTokenDigest tokenDigest: String, lifetime: Duration) async throws -> Bool
}

extension SharedAnswerCache {
    public func claim(forTokenDigest tokenDigest: String, lifetime: Duration) async throws -> Bool { true }
}

/// What a shared cache keeps of an introspection answer: whether it was active and, if so, its `exp`, the roles in the
/// API's project, the subject and the client id — nothing else, and never the token — and until when it may be served
/// (`servedUntil`: the replica that asked ZITADEL decided that, and whoever reads it does not serve it longer). Kept
/// as JSON with a version member, so that a replica never misreads what another version wrote:
/// `{"v":1,"active":true,"until":…,"exp":…,…}`.
public struct SharedAnswer: Sendable, Equatable {
    /// The version of the JSON form written here; an entry of another version is read as no entry at all.
    public static let version = 1
    /// Times are accepted up to the end of the year 9999: anything later is junk (and would not fit a `Duration`).
    static let latestTime = 253_402_300_799.0

    public var result: IntrospectionResult
    /// The last moment any replica may serve this answer: when the replica that asked ZITADEL stops serving it.
    public var servedUntil: Date

    public init(_ result: IntrospectionResult, servedUntil: Date) {
        self.result = result
        self.servedUntil = servedUntil
    }

    /// The JSON form.
    public var json: [UInt8] {
        var members: [String: JSONValue] = [
            "v": .number(Double(Self.version)), "until": .number(servedUntil.timeIntervalSince1970),
        ]
        switch result {
        case .inactive:
            members["active"] = .bool(false)
        case .active(let principal):
            members["active"] = .bool(true)
            if let exp = principal.expiresAt { members["exp"] = .number(exp.timeIntervalSince1970) }
            members["roles"] = .array(principal.roles.sorted().map(JSONValue.string))
            if let subject = principal.subject { members["sub"] = .string(subject) }
            if let clientID = principal.clientID { members["client_id"] = .string(clientID) }
        }
        return JSONValue.object(members).serialized
    }

    /// Reads the JSON form; nil for anything else (another version, junk, a wrong type, a time outside 1970–9999),
    /// which the guard treats as no entry.
    public init?(json: [UInt8]) {
        guard let members = (try? JSONValue.parse(json))?.objectValue,
            members["v"]?.doubleValue == Double(Self.version), let active = members["active"]?.boolValue,
            let until = members["until"]?.doubleValue, (0...Self.latestTime).contains(until)
        else { return nil }
        guard active else {
            self.init(.inactive, servedUntil: Date(timeIntervalSince1970: until))
            return
        }
        var principal = Principal(subject: members["sub"]?.stringValue, clientID: members["client_id"]?.stringValue)
        if let exp = members["exp"] {
            guard let seconds = exp.doubleValue, (0...Self.latestTime).contains(seconds) else { return nil }
            principal.expiresAt = Date(timeIntervalSince1970: seconds)
        }
        if let roles = members["roles"] {
            guard let list = roles.arrayValue else { return nil }
            principal.roles = Set(list.compactMap(\.stringValue))
        }
        self.init(.active(principal), servedUntil: Date(timeIntervalSince1970: until))
    }
}

/// An error of a shared cache that says whether the cache itself failed (down, slow, not answering sense) or only
/// had no time for this request (every connection busy): only the first makes the guard report the cache gone
/// (`TokenGuardEvent.sharedCacheUnavailable`). An error that is not a `SharedCacheError` counts as a failure.
public protocol SharedCacheError: Error {
    var isFailureOfTheCache: Bool { get }
}
