import Core
import Dispatch
import Foundation

/// Everything the stand-in plays: one organization with one project (role `read:messages`), two API applications
/// of that project (one authenticates with a client secret, one with a key), and one service user with a key, a
/// client secret and a personal access token, granted the role unless `--no-role`. Plus ZITADEL's own API project
/// (the audience of `…:project:id:zitadel:aud`) and the key the instance signs its JWTs with.
///
/// The ids are fixed, so the tutorial can name them; keys, secrets and the PAT are fresh on every start.
/// Immutable: issued tokens live in `TokenStore`.
public struct Instance: Sendable {
    public struct Organization: Sendable, Equatable {
        public var id: String
        public var name: String
        public var primaryDomain: String
    }

    public struct Project: Sendable, Equatable {
        public var id: String
        public var name: String
        public var roleKeys: [String]
    }

    /// A registered RSA key (ZITADEL stores only RSA keys), found by `kid` and owner.
    public struct MachineKey: Sendable {
        public var keyID: String
        public var privateKey: RSAPrivateKey
        /// nil: never expires.
        public var expirationDate: Date?

        public var publicKey: RSAPublicKey { privateKey.publicKey }

        public func isExpired(at now: Date) -> Bool {
            expirationDate.map { $0 <= now } ?? false
        }
    }

    public struct APIApplication: Sendable {
        public enum Credential: Sendable {
            /// client_secret_basic
            case secret(String)
            /// private_key_jwt
            case key(MachineKey)
        }

        public var name: String
        public var appID: String
        /// `{appId}@{project}`, the form ZITADEL gives API applications.
        public var clientID: String
        public var projectID: String
        public var credential: Credential
    }

    public struct ServiceUser: Sendable {
        public var userID: String
        /// The `client_id` of the client_credentials grant, and `client_id`/`username` in introspection.
        public var username: String
        public var displayName: String
        public var key: MachineKey
        public var clientSecret: String
        public var personalAccessToken: String
        /// The roles granted in the project (empty with `--no-role`).
        public var projectRoles: [String]
    }

    public var organization: Organization
    public var project: Project
    /// The id that `urn:zitadel:iam:org:project:id:zitadel:aud` puts into the audience.
    public var zitadelProjectID: String
    public var basicApplication: APIApplication
    public var jwtApplication: APIApplication
    public var serviceUser: ServiceUser
    /// Signs JWT access tokens and id tokens; published at `/oauth/v2/keys`.
    public var signingKey: MachineKey
    public var accessTokenType: LocalZitadelOptions.AccessTokenType

    /// ZITADEL's default access token lifetime, 12 h.
    public static let accessTokenLifetime = 12 * 3600

    public var applications: [APIApplication] { [basicApplication, jwtApplication] }

    /// Builds the instance around three freshly generated keys: the instance's signing key, the service user's
    /// key and the JWT API application's key.
    public init(signingKey: RSAPrivateKey, userKey: RSAPrivateKey, applicationKey: RSAPrivateKey,
                grantsRole: Bool, accessTokenType: LocalZitadelOptions.AccessTokenType) {
        organization = Organization(id: "300000000000000001", name: "Acme", primaryDomain: "acme.localhost")
        zitadelProjectID = "300000000000000002"
        project = Project(id: "300000000000000003", name: "Messages API", roleKeys: ["read:messages"])
        basicApplication = APIApplication(
            name: "api-basic", appID: "300000000000000004", clientID: "300000000000000004@messages-api",
            projectID: project.id, credential: .secret(RandomText.secret()))
        jwtApplication = APIApplication(
            name: "api-jwt", appID: "300000000000000005", clientID: "300000000000000005@messages-api",
            projectID: project.id,
            credential: .key(MachineKey(keyID: RandomText.numericID(), privateKey: applicationKey,
                                        expirationDate: nil)))
        serviceUser = ServiceUser(
            userID: "300000000000000006", username: "billing-worker", displayName: "Billing Worker",
            key: MachineKey(keyID: RandomText.numericID(), privateKey: userKey, expirationDate: nil),
            clientSecret: RandomText.secret(), personalAccessToken: RandomText.token(),
            projectRoles: grantsRole ? project.roleKeys : [])
        self.signingKey = MachineKey(keyID: RandomText.numericID(), privateKey: signingKey, expirationDate: nil)
        self.accessTokenType = accessTokenType
    }

    /// Generates the three RSA keys concurrently (each takes from a few hundred milliseconds in a release build to
    /// seconds in a debug build) and builds the instance.
    public static func generate(grantsRole: Bool, accessTokenType: LocalZitadelOptions.AccessTokenType)
        async throws -> Instance {
        async let signing = generateKeyOffThePool()
        async let user = generateKeyOffThePool()
        async let application = generateKeyOffThePool()
        return Instance(signingKey: try await signing, userKey: try await user, applicationKey: try await application,
                        grantsRole: grantsRole, accessTokenType: accessTokenType)
    }

    /// Key generation is seconds of uninterrupted CPU work. On Swift's cooperative pool (one thread per core) it
    /// would hold a thread that every other task of the process needs — timers, I/O completions — so it runs on a
    /// dispatch queue and the caller awaits it.
    private static func generateKeyOffThePool() async throws -> RSAPrivateKey {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { () throws(RSAError) -> RSAPrivateKey in try RSAPrivateKey.generate() })
            }
        }
    }

    /// The API application authenticating with this client id, if any.
    public func application(clientID: String) -> APIApplication? {
        applications.first { $0.clientID == clientID }
    }

    /// The roles `userID` holds in `projectID`, as introspection reports them: `{role: {orgId: primaryDomain}}`.
    /// Empty when the user has no grant there.
    public func roleClaim(userID: String, projectID: String) -> [String: JSONValue] {
        guard userID == serviceUser.userID, projectID == project.id else { return [:] }
        var roles: [String: JSONValue] = [:]
        for role in serviceUser.projectRoles {
            roles[role] = .object([organization.id: .string(organization.primaryDomain)])
        }
        return roles
    }
}
