import Core
import Hummingbird

/// What `TokenGuardMiddleware` needs of a request context: the client's address to hand to the guard, and a place
/// for the `Principal` of a granted token, where the route's handler finds it.
///
/// Any context of yours can protect its routes by adopting it: add `var principal: Principal?` and a
/// `remoteAddress` (see `MessagesRequestContext`). Building on Hummingbird's `RemoteAddressRequestContext` means
/// Hummingbird's `TracingMiddleware` records the same address.
public protocol TokenGuardRequestContext: RemoteAddressRequestContext {
    /// Set by `TokenGuardMiddleware` when it lets a request through; nil on public routes.
    var principal: Principal? { get set }
}
