import Core
import Vapor

/// Lets `TokenGuardMiddleware` log the token's principal in, so a route handler reads it the Vapor way:
///
/// ```swift
/// let principal = try req.auth.require(Principal.self)   // subject, clientID, username, roles, organizationID
/// ```
///
/// `@retroactive`: both the type (Core) and the protocol (Vapor) come from other modules; the conformance is this
/// app's own decision, and nothing else in the process declares it.
extension Principal: @retroactive Authenticatable {}
