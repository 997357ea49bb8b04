/// What a handler gives back for one request.
///
/// `.response` is answered right on the event loop that read the request (no task hop): use it for anything that
/// needs no waiting. `.deferred` runs its closure in a `Task`; the server hands the result back to the connection's
/// loop and still answers pipelined requests in order. A slow deferred handler never blocks other connections.
public enum HTTPHandlerResult: Sendable {
    case response(HTTPResponse)
    case deferred(@Sendable () async -> HTTPResponse)
}

/// Answers requests. Called on an event-loop thread, concurrently for different connections: `handle` must be
/// quick and must not block; anything slow belongs in `.deferred`.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) -> HTTPHandlerResult
}

/// A handler made from a closure, for small servers and tests.
public struct HTTPClosureHandler: HTTPHandler {
    let body: @Sendable (HTTPRequest) -> HTTPHandlerResult

    public init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPHandlerResult) {
        self.body = body
    }

    public func handle(_ request: HTTPRequest) -> HTTPHandlerResult { body(request) }
}
