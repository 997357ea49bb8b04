/// One route of a sample API: a path, who may see it, and the message it answers with.
public struct APIRoute: Sendable {
    public enum Access: Sendable, Equatable {
        /// Anyone.
        case anyone
        /// A token that introspection calls active.
        case activeToken
        /// An active token whose user holds this role (docs/zitadel.md, "Roles").
        case role(String)

        /// What the token guard is asked to check; nil for a public route.
        public var requirement: TokenRequirement? {
            switch self {
            case .anyone: nil
            case .activeToken: .activeToken
            case .role(let role): .role(role)
            }
        }
    }

    public var path: String
    public var access: Access
    public var message: String

    public init(path: String, access: Access, message: String) {
        self.path = path
        self.access = access
        self.message = message
    }

    /// The three routes of the original Python samples, with their exact messages.
    public static let samples: [APIRoute] = [
        APIRoute(
            path: "/api/public", access: .anyone,
            message: "Public route - You don't need to be authenticated to see this."),
        APIRoute(
            path: "/api/private", access: .activeToken,
            message: "Private route - You need to be authenticated to see this."),
        APIRoute(
            path: "/api/private-scoped", access: .role("read:messages"),
            message:
                "Private, scoped route - You need to be authenticated and have the role read:messages to see this."),
    ]
}
