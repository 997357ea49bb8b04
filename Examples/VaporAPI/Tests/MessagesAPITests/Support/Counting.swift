import Core
import Synchronization

/// An introspector that counts the calls of one guard, however many other tests ask the same stand-in meanwhile.
final class CountingIntrospector: TokenIntrospecting {
    private let wrapped: any TokenIntrospecting
    private let calls = Atomic(0)

    init(_ wrapped: any TokenIntrospecting) { self.wrapped = wrapped }

    var count: Int { calls.load(ordering: .relaxed) }

    func introspect(token: String) async throws(IntrospectionError) -> IntrospectionResult {
        calls.add(1, ordering: .relaxed)
        return try await wrapped.introspect(token: token)
    }
}

/// An HTTP handler that counts the requests it is handed before passing them on.
final class CountingHandler: HTTPHandler {
    private let wrapped: any HTTPHandler
    private let requests = Atomic(0)

    init(_ wrapped: any HTTPHandler) { self.wrapped = wrapped }

    var count: Int { requests.load(ordering: .relaxed) }

    func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
        requests.add(1, ordering: .relaxed)
        return wrapped.handle(request)
    }
}
