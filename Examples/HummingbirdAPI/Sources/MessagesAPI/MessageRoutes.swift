import Core
import Hummingbird
import Logging

extension Router where Context: TokenGuardRequestContext {
    /// The sample API's three routes (`APIRoute.samples`): `/api/public` for anyone, `/api/private` for an active
    /// token, `/api/private-scoped` for an active token whose user holds `read:messages`. Each answers 200 with
    /// `{"message":"…"}`, the Python sample's exact text.
    ///
    /// A protected route gets its own group with a `TokenGuardMiddleware` for its requirement, so the guard runs for
    /// that route only; the handler runs only after a grant, with the principal in its context.
    func addMessageRoutes(
        _ routes: [APIRoute] = APIRoute.samples, tokenGuard: TokenGuard, trustedProxies: TrustedProxies = .none
    ) {
        for route in routes {
            let body = ByteBuffer(string: JSONValue.object(["message": .string(route.message)]).serializedString)
            guard let requirement = route.access.requirement else {
                get(RouterPath(route.path)) { _, _ in Response.json(body, noStore: false) }
                continue
            }
            group()
                .add(
                    middleware: TokenGuardMiddleware<Context>(
                        tokenGuard, requirement: requirement, trustedProxies: trustedProxies))
                .get(RouterPath(route.path)) { _, context in
                    // The guard put the token's principal here: whose token it is and what it may do.
                    if let principal = context.principal {
                        context.logger.info(
                            "granted",
                            metadata: [
                                "subject": "\(principal.subject ?? "-")",
                                "roles": "\(principal.roles.sorted().joined(separator: " "))",
                            ])
                    }
                    return Response.json(body, noStore: true)
                }
        }
    }
}
