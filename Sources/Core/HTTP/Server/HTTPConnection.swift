/// The state of one client connection, owned by exactly one event loop and touched only on its thread.
///
/// Responses leave in request order (RFC 9112 §9.3.2). While no deferred response is outstanding, a response is
/// serialised straight into `output` (the fast path, no queueing). Once a deferred one is outstanding, every later
/// response waits in `pending` behind it, and the queue drains from the front as soon as the front is ready.
final class HTTPConnection {
    enum DeadlineKind { case none, head, body, idle, write, linger }

    struct Pending {
        var response: HTTPResponse?
        var framing: HTTPResponseWriter.Framing
    }

    let fd: Int32
    let id: UInt64
    /// The client's IP address (`HTTPRequest.remoteAddress`).
    let peer: String?
    var parser: HTTPRequestParser

    /// Serialised bytes; `output[outputSent...]` are not written yet.
    var output: [UInt8] = []
    var outputSent = 0
    var pending: [Pending] = []
    /// Sequence number of `pending[0]`; requests are numbered in arrival order.
    var firstPendingSequence: UInt64 = 0
    var nextSequence: UInt64 = 0

    /// False once a request (or error) ends the connection: nothing after it is parsed.
    var acceptsRequests = true
    /// Close (after a lingering half-close) as soon as all output is written.
    var closeAfterFlush = false
    /// The peer sent FIN: answer what was received, then close.
    var peerClosed = false
    /// Written everything, sent FIN, now reading and discarding until the peer closes (see `EventLoop.linger`).
    var lingering = false
    /// Whether any request completed, so that "no bytes yet" counts as idle rather than as a slow first request.
    var servedAny = false

    /// Since when no request has been in progress (nothing buffered, nothing owed, nothing unsent), on the loop's
    /// clock; nil while one is. The connection idle longest is the one closed to make room at the connection limit.
    var idleSince: UInt64?

    var deadlineKind = DeadlineKind.head
    var deadline: UInt64
    var reading = true
    var writing = false

    init(fd: Int32, id: UInt64, peer: String?, limits: HTTPRequestParser.Limits, deadline: UInt64) {
        self.fd = fd
        self.id = id
        self.peer = peer
        self.parser = HTTPRequestParser(limits: limits)
        self.deadline = deadline
    }

    var unsentCount: Int { output.count - outputSent }
}
