import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One event-loop thread: a poller, the connections it accepted, and an inbox for work handed back by other
/// threads (deferred responses, shutdown). See HTTPServer.swift for the design.
///
/// Invariant: everything except the inbox (`lock`, `inbox`, `wakePending`, `open`) is touched only by the loop's
/// own thread; that is what makes the `@unchecked Sendable` sound.
final class EventLoop: @unchecked Sendable {
    struct Settings {
        var limits: HTTPRequestParser.Limits
        var headerTimeout: UInt64
        var bodyTimeout: UInt64
        var idleTimeout: UInt64
        var writeTimeout: UInt64
        var lingerTimeout: UInt64
        var maxPipelinedRequests: Int
        /// How often deadlines are checked: one pass over this loop's connections, not one timer per request.
        var sweepInterval: UInt64
    }

    enum Message {
        case completed(fd: Int32, connectionID: UInt64, sequence: UInt64, response: HTTPResponse)
        case stop(graceDeadline: UInt64)
        /// A connection another loop accepted and deals to this one.
        case adopt(fd: Int32, peer: String?)
        /// A connection another loop accepted at the connection limit without an idle connection of its own to
        /// close: this loop closes its longest-idle one to make room, or refuses the new one.
        case adoptInPlaceOfIdle(fd: Int32, peer: String?)
    }

    private static let maxUnsentBeforeParsing = 256 * 1024
    private let settings: Settings
    private let handler: any HTTPHandler
    private let budget: ConnectionBudget
    private let poller: Poller
    private let listenFD: Int32
    private let onListenerReleased: @Sendable () -> Void
    private let onExit: @Sendable () -> Void

    /// All loops of the server, this one included, to deal accepted connections out round-robin. Set once before
    /// any loop thread starts.
    var peers: [EventLoop] = []

    /// Since when this loop's longest-idle connection has been idle (`UInt64.max`: none), as of its last sweep:
    /// at the connection limit, the loop holding the longest-idle connection of all closes it to make room.
    let oldestIdleSince = Atomic<UInt64>(.max)

    // Loop-thread state.
    private var connections: [HTTPConnection?] = []
    private var connectionCount = 0
    private var nextConnectionID: UInt64 = 0
    private var now: UInt64 = 0
    private var nextSweep: UInt64 = 0
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var date = HTTPDateCache()
    private var stopping = false
    private var graceDeadline = UInt64.max
    private var acceptPaused = false

    // Inbox, shared with other threads under `lock`.
    private let lock = NSLock()
    private var inbox: [Message] = []
    private var wakePending = false
    private var open = true

    init(
        settings: Settings, handler: any HTTPHandler, budget: ConnectionBudget, listenFD: Int32,
        onListenerReleased: @escaping @Sendable () -> Void, onExit: @escaping @Sendable () -> Void
    ) throws(HTTPServerError) {
        self.settings = settings
        self.handler = handler
        self.budget = budget
        self.listenFD = listenFD
        self.onListenerReleased = onListenerReleased
        self.onExit = onExit
        self.poller = try Poller()
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Releases the poller of a loop that never ran (the server failed to start).
    func discard() {
        poller.close()
    }

    // MARK: - Other threads

    /// Queues a message and wakes the loop; false once the loop has exited (a deferred handler may outlive it).
    @discardableResult
    func send(_ message: Message) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard open else { return false }
        inbox.append(message)
        if !wakePending {
            wakePending = true
            // Under the lock: the loop closes the wake-up descriptor only after setting `open = false`.
            poller.wake()
        }
        return true
    }

    // MARK: - The loop

    func run() {
        poller.register(listenFD, read: true, write: false, exclusive: true)
        tick()
        nextSweep = now + settings.sweepInterval
        while !(stopping && connectionCount == 0) {
            let timeout = Int32(clamping: nextSweep > now ? nextSweep - now : 0)
            let count = poller.wait(timeoutMS: timeout)
            tick()
            for index in 0..<count {
                handle(poller.event(at: index))
            }
            if now >= nextSweep {
                sweep()
                nextSweep = now + settings.sweepInterval
            }
        }
        lock.lock()
        open = false
        lock.unlock()
        poller.close()
        peers = []  // the loops referenced each other
        onExit()
    }

    private func tick() {
        now = Socket.monotonicMilliseconds()
        date.update(now: time(nil))
    }

    private func handle(_ event: PollEvent) {
        if event.isWakeUp {
            poller.drainWakeUps()
            drainInbox()
            return
        }
        if event.fd == listenFD {
            if !stopping { acceptConnections() }
            return
        }
        guard let connection = connection(event.fd) else { return }
        if event.readable || event.failed {
            onReadable(connection)
        }
        if event.writable, self.connection(event.fd) === connection {
            // Requests may wait in the buffer until output drained (see `dispatchRequests`).
            process(connection)
        }
    }

    private func connection(_ fd: Int32) -> HTTPConnection? {
        fd >= 0 && Int(fd) < connections.count ? connections[Int(fd)] : nil
    }

    private func drainInbox() {
        lock.lock()
        let messages = inbox
        inbox.removeAll(keepingCapacity: true)
        wakePending = false
        lock.unlock()
        for message in messages {
            switch message {
            case .completed(let fd, let id, let sequence, let response):
                // The connection may have closed (and its descriptor been reused) while the handler ran.
                guard let connection = connection(fd), connection.id == id else { continue }
                complete(connection, sequence: sequence, response: response)
            case .stop(let deadline):
                beginStopping(graceDeadline: deadline)
            case .adopt(let fd, let peer):
                if stopping {
                    Socket.close(fd)
                    budget.release(address: peer)
                } else {
                    adopt(fd, peer: peer)
                }
            case .adoptInPlaceOfIdle(let fd, let peer):
                if !stopping, closeLongestIdle(makingRoomFor: peer) {
                    adopt(fd, peer: peer)
                } else {
                    rejectOverloaded(fd, reason: "the server has too many open connections; try again later")
                }
            }
        }
    }

    // MARK: - Accepting

    private func acceptConnections() {
        for _ in 0..<64 {
            switch Socket.accept(listenFD) {
            case .accepted(let fd, let peer):
                switch budget.tryAcquire(address: peer) {
                case .granted(let ticket):
                    // Whichever loop the kernel wakes accepts a whole burst; dealing the connections out keeps every
                    // core busy (one wake-up per handed-over connection, nothing per request).
                    let target = peers.isEmpty ? self : peers[ticket % peers.count]
                    if target === self || !target.send(.adopt(fd: fd, peer: peer)) {
                        adopt(fd, peer: peer)
                    }
                case .serverFull:
                    // Idle connections must not lock others out: the loop holding the longest-idle connection
                    // closes it to make room (each loop owns its connections, so that loop does it).
                    let idleSince = { (loop: EventLoop) in loop.oldestIdleSince.load(ordering: .relaxed) }
                    if let holder = peers.min(by: { idleSince($0) < idleSince($1) }), holder !== self,
                        idleSince(holder) < idleSince(self), holder.send(.adoptInPlaceOfIdle(fd: fd, peer: peer))
                    {
                        continue
                    }
                    if closeLongestIdle(makingRoomFor: peer) {
                        adopt(fd, peer: peer)
                    } else {
                        rejectOverloaded(fd, reason: "the server has too many open connections; try again later")
                    }
                case .addressFull:
                    rejectOverloaded(fd, reason: "too many open connections from this address; close some first")
                }
            case .wouldBlock:
                return
            case .skipped:
                continue
            case .exhausted:
                // Out of descriptors: a level-triggered listener would report "readable" forever. Step back until
                // the next sweep.
                poller.deregister(listenFD)
                acceptPaused = true
                return
            }
        }
    }

    private func adopt(_ fd: Int32, peer: String?) {
        let index = Int(fd)
        if index >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: max(index + 1 - connections.count, 64)))
        }
        nextConnectionID &+= 1
        // The first request's head must arrive within the header timeout, counted from accept.
        let connection = HTTPConnection(
            fd: fd, id: nextConnectionID, peer: peer, limits: settings.limits, deadline: now + settings.headerTimeout)
        guard poller.register(fd, read: true, write: false) else {
            Socket.close(fd)
            budget.release(address: peer)
            return
        }
        connection.idleSince = now  // nothing sent yet
        connections[index] = connection
        connectionCount += 1
    }

    /// At the connection limit: closes this loop's connection that has been idle longest, handing its slot to a new
    /// connection from `peer`. False when every connection of this loop is in the middle of a request.
    private func closeLongestIdle(makingRoomFor peer: String?) -> Bool {
        var longest: HTTPConnection?
        for case let connection? in connections {
            guard let since = connection.idleSince else { continue }
            if since < (longest?.idleSince ?? .max) { longest = connection }
        }
        guard let longest else { return false }
        connections[Int(longest.fd)] = nil
        connectionCount -= 1
        Socket.close(longest.fd)
        budget.transfer(from: longest.peer, to: peer)
        return true
    }

    /// A connection that may not stay: a best-effort 503 saying why (one non-blocking write), then close.
    private func rejectOverloaded(_ fd: Int32, reason: String) {
        var bytes: [UInt8] = []
        let response = HTTPResponse.error(
            status: 503, error: "service_unavailable", description: reason, headers: ["Retry-After": "1"])
        HTTPResponseWriter.append(
            response, framing: .init(isHead: false, close: true, echoKeepAlive: false), date: date.bytes, to: &bytes)
        _ = bytes.withUnsafeBytes { Socket.send(fd, $0) }
        Socket.shutdownWrite(fd)
        Socket.close(fd)
    }

    // MARK: - Reading and dispatching

    private func onReadable(_ connection: HTTPConnection) {
        let count = Socket.read(connection.fd, into: readBuffer)
        if count > 0 {
            if connection.lingering { return }
            connection.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
        } else if count == 0 {
            if connection.lingering { return close(connection) }
            connection.peerClosed = true
        } else {
            if Socket.lastErrorIsWouldBlock { return }
            return close(connection)
        }
        process(connection)
    }

    /// Writes what is pending, answers what is buffered, writes again; repeats while the client keeps taking the
    /// output and requests remain (dispatching pauses at `maxUnsentBeforeParsing`).
    private func process(_ connection: HTTPConnection) {
        flush(connection)
        while self.connection(connection.fd) === connection {
            let before = connection.nextSequence
            dispatchRequests(connection)
            flush(connection)
            guard connection.unsentCount == 0, connection.nextSequence != before else { break }
        }
        settle(connection)
    }

    /// Parses and dispatches every complete request in the buffer, up to the pipelining limit, and only while the
    /// output not yet taken by the client stays small: a client that pipelines without reading cannot make the
    /// server buffer an unbounded number of responses.
    private func dispatchRequests(_ connection: HTTPConnection) {
        while connection.acceptsRequests, connection.pending.count < settings.maxPipelinedRequests,
            connection.unsentCount < Self.maxUnsentBeforeParsing,
            let event = connection.parser.next()
        {
            switch event {
            case .continueExpected:
                // Only when this request is next to be answered, or the 100 would jump the queue.
                if connection.pending.isEmpty, !stopping {
                    connection.output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
                }
            case .failure(let error):
                connection.acceptsRequests = false
                enqueue(
                    HTTPResponseWriter.errorResponse(error),
                    framing: .init(isHead: false, close: true, echoKeepAlive: false), on: connection)
            case .request(var request, let keepAlive):
                request.remoteAddress = connection.peer
                connection.servedAny = true
                connection.deadlineKind = .none  // the next request gets fresh deadlines
                let close = !keepAlive || stopping
                if close { connection.acceptsRequests = false }
                let framing = HTTPResponseWriter.Framing(
                    isHead: request.method == "HEAD", close: close,
                    echoKeepAlive: keepAlive && request.version == .http1_0)
                switch handler.handle(request) {
                case .response(let response):
                    enqueue(response, framing: framing, on: connection)
                case .deferred(let work):
                    let sequence = connection.nextSequence
                    connection.nextSequence += 1
                    if connection.pending.isEmpty { connection.firstPendingSequence = sequence }
                    connection.pending.append(.init(response: nil, framing: framing))
                    let (fd, id) = (connection.fd, connection.id)
                    Task { [self] in
                        let response = await work()
                        send(.completed(fd: fd, connectionID: id, sequence: sequence, response: response))
                    }
                }
            }
        }
    }

    private func enqueue(_ response: HTTPResponse, framing: HTTPResponseWriter.Framing, on connection: HTTPConnection) {
        connection.nextSequence += 1
        if connection.pending.isEmpty {
            write(response, framing: framing, on: connection)
        } else {
            connection.pending.append(.init(response: response, framing: framing))
        }
    }

    private func complete(_ connection: HTTPConnection, sequence: UInt64, response: HTTPResponse) {
        let index = Int(truncatingIfNeeded: sequence &- connection.firstPendingSequence)
        guard index >= 0, index < connection.pending.count, connection.pending[index].response == nil else { return }
        connection.pending[index].response = response
        while let first = connection.pending.first, let ready = first.response {
            connection.pending.removeFirst()
            connection.firstPendingSequence += 1
            write(ready, framing: first.framing, on: connection)
        }
        // Requests that waited behind the full pipeline can go now.
        process(connection)
    }

    private func write(_ response: HTTPResponse, framing: HTTPResponseWriter.Framing, on connection: HTTPConnection) {
        var framing = framing
        // Shutting down: the last response a connection owes says so.
        if stopping, connection.pending.isEmpty { framing.close = true }
        if framing.close {
            connection.closeAfterFlush = true
            connection.acceptsRequests = false
        }
        HTTPResponseWriter.append(response, framing: framing, date: date.bytes, to: &connection.output)
    }

    // MARK: - Writing, closing, deadlines

    private func flush(_ connection: HTTPConnection) {
        while connection.unsentCount > 0 {
            let written = connection.output.withUnsafeBytes { bytes in
                Socket.send(connection.fd, UnsafeRawBufferPointer(rebasing: bytes[connection.outputSent...]))
            }
            if written > 0 {
                connection.outputSent += written
            } else if written < 0, errno == EINTR {
                continue
            } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else {
                return close(connection)
            }
        }
        // Keep a modest buffer for the next response; give a large one back.
        if connection.output.capacity > 256 * 1024 {
            connection.output = []
        } else {
            connection.output.removeAll(keepingCapacity: true)
        }
        connection.outputSent = 0
    }

    /// After any I/O: close or half-close when done, then set the poller interest and the deadline.
    private func settle(_ connection: HTTPConnection) {
        guard self.connection(connection.fd) === connection else { return }
        let idle = connection.pending.isEmpty && connection.unsentCount == 0 && connection.parser.phase == .idle
            && connection.acceptsRequests && !connection.closeAfterFlush && !connection.lingering
        if !idle {
            connection.idleSince = nil
        } else if connection.idleSince == nil {
            connection.idleSince = now
        }
        if connection.unsentCount == 0, connection.pending.isEmpty, !connection.lingering {
            if connection.closeAfterFlush || stopping {
                if connection.peerClosed { return close(connection) }
                return linger(connection)
            }
            if connection.peerClosed { return close(connection) }
        }
        let writing = connection.unsentCount > 0
        let reading =
            !writing
            && (connection.lingering
                || (!connection.peerClosed && connection.acceptsRequests
                    && connection.pending.count < settings.maxPipelinedRequests))
        if reading != connection.reading || writing != connection.writing {
            poller.update(connection.fd, read: reading, write: writing)
            connection.reading = reading
            connection.writing = writing
        }
        updateDeadline(connection)
    }

    private func updateDeadline(_ connection: HTTPConnection) {
        let kind: HTTPConnection.DeadlineKind
        if connection.lingering {
            kind = .linger
        } else if connection.unsentCount > 0 {
            kind = .write
        } else if !connection.acceptsRequests || connection.pending.count >= settings.maxPipelinedRequests {
            kind = .none  // waiting for our own handlers
        } else {
            switch connection.parser.phase {
            case .head: kind = .head
            case .body: kind = .body
            case .idle: kind = !connection.pending.isEmpty ? .none : connection.servedAny ? .idle : .head
            }
        }
        guard kind != connection.deadlineKind else { return }
        connection.deadlineKind = kind
        let timeout: UInt64 =
            switch kind {
            case .none: UInt64.max - now
            case .head: settings.headerTimeout
            case .body: settings.bodyTimeout
            case .idle: settings.idleTimeout
            case .write: settings.writeTimeout
            case .linger: settings.lingerTimeout
            }
        connection.deadline = now &+ timeout
    }

    /// Closing a socket with unread input makes the kernel send RST, which can destroy the response we just wrote
    /// before the client reads it (the "lingering close" of RFC 9112 §9.6). So: FIN first, then read and discard
    /// until the client closes or `lingerTimeout` passes.
    private func linger(_ connection: HTTPConnection) {
        Socket.shutdownWrite(connection.fd)
        connection.lingering = true
        settle(connection)
    }

    private func close(_ connection: HTTPConnection) {
        guard self.connection(connection.fd) === connection else { return }
        connections[Int(connection.fd)] = nil
        connectionCount -= 1
        // Closing removes the descriptor from epoll/kqueue; no deregistration call needed.
        Socket.close(connection.fd)
        budget.release(address: connection.peer)
    }

    private func sweep() {
        if acceptPaused, !stopping {
            acceptPaused = false
            poller.register(listenFD, read: true, write: false, exclusive: true)
        }
        let forceAll = stopping && now >= graceDeadline
        var oldestIdle = UInt64.max
        defer { oldestIdleSince.store(oldestIdle, ordering: .relaxed) }
        for case let connection? in connections {
            if forceAll {
                close(connection)
                continue
            }
            if let since = connection.idleSince { oldestIdle = min(oldestIdle, since) }
            guard now >= connection.deadline else { continue }
            switch connection.deadlineKind {
            case .head, .body:
                // RFC 9110 §15.5.9: tell the client why, when nothing else is owed to it.
                if connection.pending.isEmpty, connection.unsentCount == 0, connection.acceptsRequests {
                    connection.acceptsRequests = false
                    let which = connection.deadlineKind == .head ? "header fields" : "body"
                    enqueue(
                        .error(
                            status: 408, error: "request_timeout",
                            description: "the request \(which) did not arrive in time"),
                        framing: .init(isHead: false, close: true, echoKeepAlive: false), on: connection)
                    flush(connection)
                    settle(connection)
                } else {
                    close(connection)
                }
            case .idle, .write, .linger:
                close(connection)
            case .none:
                break
            }
        }
    }

    // MARK: - Shutdown

    private func beginStopping(graceDeadline: UInt64) {
        guard !stopping else { return }
        stopping = true
        self.graceDeadline = graceDeadline
        releaseListener()
        for case let connection? in connections {
            connection.acceptsRequests = false
            // Idle keep-alive connections and half-received requests close now; requests in flight finish.
            if connection.pending.isEmpty, connection.unsentCount == 0, !connection.lingering {
                close(connection)
            }
        }
    }

    private func releaseListener() {
        if !acceptPaused { poller.deregister(listenFD) }
        acceptPaused = false
        onListenerReleased()
    }
}
