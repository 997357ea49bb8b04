import Core
import Foundation

/// A LocalZitadel running inside this process: the fixture for testing an app that ZITADEL protects, offline, against
/// the same endpoints the `LocalZitadel` program serves (discovery, token, introspection, revocation, keys).
///
/// ```swift
/// import Core
/// import LocalZitadelKit
///
/// let zitadel = try await LocalZitadelServer.start()
/// let application = zitadel.basicApplication
/// let tokenGuard = TokenGuard(introspector: IntrospectionClient(
///     issuer: zitadel.issuer,
///     authentication: .clientSecretBasic(clientID: application.clientID, secret: application.clientSecret)))
///
/// let token = try zitadel.accessToken()                          // opaque, the user holds read:messages
/// let withoutRole = try zitadel.accessToken(withRole: false)      // another user, no grant in the project
/// let jwt = try zitadel.accessToken(format: .jwt)
/// // … call your app with "Authorization: Bearer \(token)" …
///
/// await zitadel.stop()                                            // from now on, introspection fails: your 503s
/// ```
///
/// Everything is fresh on every start: keys (three 2048-bit RSA keys, a second or two in a debug build), secrets and
/// the personal access token. The ids are the stand-in's fixed ones. Listens on 127.0.0.1 only.
public final class LocalZitadelServer: Sendable {
    /// An API application that authenticates with a client ID and secret (`client_secret_basic`).
    public struct BasicApplication: Sendable {
        public let clientID: String
        public let clientSecret: String
    }

    /// The service user: what the clients need for each kind of token.
    public struct ServiceUser: Sendable {
        public let userID: String
        /// The `client_id` of the client-credentials grant.
        public let username: String
        public let clientSecret: String
        /// The key file as the console downloads it (JSON text, `"type":"serviceaccount"`).
        public let keyFile: String
        public let personalAccessToken: String
    }

    /// The user id and name of the second service user, who holds no grant in the project: the subject of
    /// `accessToken(withRole: false)`.
    public static let userWithoutRole = (userID: "300000000000000007", username: "reader-without-role")

    /// `http://127.0.0.1:PORT`: the issuer, `ZITADEL_DOMAIN` of the samples.
    public let issuer: String
    /// The id of the project holding the API applications and the role `read:messages` (`PROJECT_ID`).
    public let projectID: String
    /// The id of the organisation that owns the project and the users.
    public let organizationID: String
    /// The API application with a client secret (what APIBasic uses).
    public let basicApplication: BasicApplication
    /// The other API application's key file (JSON text, `"type":"application"`; what APIJWT uses).
    public let jwtApplicationKeyFile: String
    public let serviceUser: ServiceUser

    private let standIn: ZitadelStandIn
    private let handler: StandInHTTPHandler
    private let server: HTTPServer

    /// Starts an instance on `port` of 127.0.0.1 (0 takes a free one) and returns once it answers requests.
    ///
    /// - Parameters:
    ///   - accessTokenType: what the token endpoint issues: opaque tokens (ZITADEL's default) or JWTs.
    ///   - rateLimit: requests per client address to `/oauth/v2/…` and over how many seconds, beyond which the
    ///     instance answers 429 with `Retry-After`, as ZITADEL Cloud does; nil: no limit.
    ///   - latency: how long every answer is held back, to play a slow instance.
    ///   - log: each request's log line; dropped by default.
    public static func start(
        accessTokenType: LocalZitadelOptions.AccessTokenType = .opaque, port: Int = 0,
        rateLimit: (requests: Int, seconds: Int)? = nil, latency: Duration = .zero,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> LocalZitadelServer {
        let instance = try await Instance.generate(grantsRole: true, accessTokenType: accessTokenType)
        let handler = StandInHTTPHandler(log: log, rateLimit: rateLimit, latency: latency)
        let host = "127.0.0.1"
        let server = HTTPServer(configuration: .init(host: host, port: port), handler: handler)
        let boundPort = try server.start()
        let standIn = ZitadelStandIn(instance: instance, issuer: "http://\(host):\(boundPort)")
        handler.attach(standIn)
        return LocalZitadelServer(standIn: standIn, handler: handler, server: server)
    }

    private init(standIn: ZitadelStandIn, handler: StandInHTTPHandler, server: HTTPServer) {
        self.standIn = standIn
        self.handler = handler
        self.server = server
        let instance = standIn.instance
        issuer = standIn.issuer
        projectID = instance.project.id
        organizationID = instance.organization.id
        let secret: String
        if case .secret(let value) = instance.basicApplication.credential { secret = value } else { secret = "" }
        basicApplication = BasicApplication(clientID: instance.basicApplication.clientID, clientSecret: secret)
        if case .key(let key) = instance.jwtApplication.credential {
            jwtApplicationKeyFile = LocalSettingsWriter.applicationKeyFile(instance.jwtApplication, key: key)
        } else {
            jwtApplicationKeyFile = ""
        }
        let user = instance.serviceUser
        serviceUser = ServiceUser(
            userID: user.userID, username: user.username, clientSecret: user.clientSecret,
            keyFile: LocalSettingsWriter.serviceAccountKeyFile(user), personalAccessToken: user.personalAccessToken)
    }

    /// A new access token, as the token endpoint would issue it after a grant with the default scopes
    /// (`openid profile`, the project's audience, its roles) and `urn:zitadel:iam:user:resourceowner`, so that
    /// introspection also names the user's organisation.
    ///
    /// - Parameters:
    ///   - format: opaque (ZITADEL's default for service users) or an RS256 JWT signed by the instance.
    ///   - withRole: true for the service user, who holds `read:messages`; false for `userWithoutRole`.
    ///   - lifetime: seconds until `exp` (ZITADEL's default is 12 hours).
    public func accessToken(
        format: LocalZitadelOptions.AccessTokenType = .opaque, withRole: Bool = true,
        lifetime: Int = Instance.accessTokenLifetime
    ) throws -> String {
        let user = standIn.instance.serviceUser
        let scopes = Scopes(kept: [
            "openid", "profile", Scopes.audienceScope(projectID: projectID), "urn:zitadel:iam:org:projects:roles",
            Scopes.resourceOwnerScope,
        ])
        let (token, _) = try standIn.issueAccessToken(
            subject: withRole ? user.userID : Self.userWithoutRole.userID,
            username: withRole ? user.username : Self.userWithoutRole.username,
            displayName: withRole ? user.displayName : "Reader Without Role", scopes: scopes,
            format: format == .jwt ? .jwt : .opaque, lifetime: lifetime)
        return token
    }

    /// Revokes `token`: introspection calls it inactive from now on. Returns whether the instance knew it.
    @discardableResult
    public func revoke(_ token: String) -> Bool {
        standIn.tokens.revoke(token: token)
    }

    /// How many requests reached `path` so far, e.g. `ZitadelStandIn.Path.token` or `.introspection`.
    public func requestCount(path: String) -> Int {
        handler.requestCount(path: path)
    }

    /// Stops listening (requests in flight get a second to finish). Afterwards every call to the instance fails to
    /// connect, which is how an app meets a ZITADEL that is down.
    public func stop() async {
        await server.shutdown(gracePeriod: .seconds(1))
    }
}
