import Foundation

// Design
// ------
// Event-driven HTTP/1.1 over POSIX sockets; Foundation on Linux has no server. `eventLoopCount` threads (one per
// CPU the process may use) each run a level-triggered poller (epoll on Linux, kqueue on macOS) over non-blocking
// sockets. The listening socket is shared: every loop registers it, with EPOLLEXCLUSIVE on Linux so one loop wakes
// per new connection. The loop that accepts deals connections out round-robin (a burst of connects would otherwise
// all land on the loop that woke first); the loop a connection is dealt to owns it for its whole life, so its state
// needs no locks.
//
// Per readable event a loop reads once into a 64 KiB loop buffer, feeds the connection's `HTTPRequestParser`
// (a pure type, fuzzed), and calls the handler for each complete request right on the loop. A `.response` is
// serialised straight into the connection's output buffer and written with one send() — the fast path: no task
// hop, no lock, no wake-up. A `.deferred` closure runs in a Task; its response comes back through the owning loop's
// locked inbox plus an eventfd (EVFILT_USER on macOS) wake-up, so a slow handler never stalls anything else.
// Responses on a connection leave in request order: behind an outstanding deferred one, later responses queue.
//
// Timers: each connection has one deadline (header, body, idle, write or linger, whichever applies); each loop
// sweeps its connections every 250 ms (less for short test timeouts) — no syscall or allocation per request. The
// `Date` value is formatted once per second per loop.
//
// Shutdown: loops stop accepting (the last one closes the listener), close idle connections, let requests in
// flight finish (`Connection: close` on their last response), and force-close what remains at the grace deadline.

/// An HTTP/1.1 server meant to face the internet directly: strict RFC 9112 framing, size limits, slowloris and
/// slow-reader timeouts, a connection limit, keep-alive, pipelining and graceful shutdown. See the comment above
/// for the design and `Configuration` for every limit.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 5000), handler: routes)
/// let termination = TerminationSignal()   // SIGINT/SIGTERM caught before anyone is told we listen
/// let port = try server.start()
/// log("listening on http://127.0.0.1:\(port)")
/// _ = await termination.wait()
/// await server.shutdown(gracePeriod: .seconds(10))
/// exit(0)
/// ```
public final class HTTPServer: Sendable {
    public let configuration: Configuration
    private let handler: any HTTPHandler
    private let state = State()

    public init(configuration: Configuration = .init(), handler: some HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds, listens and starts the event loops; returns the bound port (the real one when configured with 0).
    /// Also ignores SIGPIPE process-wide (see `TerminationSignal.ignoreBrokenPipe`).
    public func start() throws(HTTPServerError) -> Int {
        try configuration.validate()
        TerminationSignal.ignoreBrokenPipe()
        try state.beginStarting()
        let listener: (fd: Int32, port: Int)
        do {
            listener = try Socket.listen(
                host: configuration.host, port: configuration.port, backlog: Int32(clamping: configuration.backlog))
        } catch {
            state.failStarting()
            throw error
        }
        let budget = ConnectionBudget(
            limit: configuration.maxConnections, perAddressLimit: configuration.maxConnectionsPerAddress)
        let settings = configuration.loopSettings
        var loops: [EventLoop] = []
        for _ in 0..<configuration.eventLoopCount {
            do {
                loops.append(
                    try EventLoop(
                        settings: settings, handler: handler, budget: budget, listenFD: listener.fd,
                        onListenerReleased: { [state] in state.listenerReleased() },
                        onExit: { [state] in state.loopExited() }))
            } catch {
                loops.forEach { $0.discard() }
                Socket.close(listener.fd)
                state.failStarting()
                throw error
            }
        }
        for loop in loops { loop.peers = loops }
        state.started(loops: loops, listenFD: listener.fd, port: listener.port, budget: budget)
        for (index, loop) in loops.enumerated() {
            let thread = Thread { loop.run() }
            thread.name = "http-loop-\(index)"
            thread.start()
        }
        return listener.port
    }

    /// The bound port while running.
    public var port: Int? { state.boundPort }

    /// Connections open now (0 before `start`), for a metrics gauge.
    public var openConnections: Int { state.openConnections }

    /// Stops accepting at once, closes idle connections, lets requests in flight finish, and force-closes whatever
    /// is left after `gracePeriod`. Returns when every loop has stopped. Safe to call more than once.
    public func shutdown(gracePeriod: Duration) async {
        let loops = state.requestStop()
        let deadline = Socket.monotonicMilliseconds() + Configuration.milliseconds(gracePeriod)
        for loop in loops {
            loop.send(.stop(graceDeadline: deadline))
        }
        await waitUntilStopped()
    }

    /// Returns once the server has stopped (after `shutdown`).
    public func waitUntilStopped() async {
        await withCheckedContinuation { continuation in
            state.whenStopped { continuation.resume() }
        }
    }
}

extension HTTPServer {
    /// Lifecycle bookkeeping shared by the caller's thread and the loops, under one lock.
    private final class State: @unchecked Sendable {
        private enum Phase { case created, starting, running, stopped }
        private let lock = NSLock()
        private var phase = Phase.created
        private var stopRequested = false
        private var loops: [EventLoop] = []
        private var listenFD: Int32 = -1
        private var port: Int?
        private var listenerHolders = 0
        private var runningLoops = 0
        private var waiters: [@Sendable () -> Void] = []
        private var budget: ConnectionBudget?

        var openConnections: Int {
            lock.lock()
            let budget = budget
            lock.unlock()
            return budget?.count ?? 0
        }

        func beginStarting() throws(HTTPServerError) {
            lock.lock()
            defer { lock.unlock() }
            guard phase == .created else { throw .alreadyStarted }
            phase = .starting
        }

        func failStarting() {
            lock.lock()
            phase = .created
            lock.unlock()
        }

        func started(loops: [EventLoop], listenFD: Int32, port: Int, budget: ConnectionBudget) {
            lock.lock()
            defer { lock.unlock() }
            self.budget = budget
            self.loops = loops
            self.listenFD = listenFD
            self.port = port
            listenerHolders = loops.count
            runningLoops = loops.count
            phase = .running
        }

        var boundPort: Int? {
            lock.lock()
            defer { lock.unlock() }
            return phase == .running ? port : nil
        }

        /// The loops to tell, the first time; none afterwards (or when never started).
        func requestStop() -> [EventLoop] {
            lock.lock()
            if phase == .created {
                phase = .stopped
                let waiting = waiters
                waiters = []
                lock.unlock()
                waiting.forEach { $0() }
                return []
            }
            defer { lock.unlock() }
            guard !stopRequested else { return [] }
            stopRequested = true
            return loops
        }

        /// The last loop to stop accepting closes the shared listener (closing earlier could let a loop call
        /// accept on a descriptor number already reused).
        func listenerReleased() {
            lock.lock()
            listenerHolders -= 1
            let close = listenerHolders == 0
            lock.unlock()
            if close { Socket.close(listenFD) }
        }

        func loopExited() {
            lock.lock()
            runningLoops -= 1
            guard runningLoops == 0 else { return lock.unlock() }
            phase = .stopped
            loops = []
            let waiting = waiters
            waiters = []
            lock.unlock()
            waiting.forEach { $0() }
        }

        func whenStopped(_ body: @escaping @Sendable () -> Void) {
            lock.lock()
            if phase == .stopped {
                lock.unlock()
                body()
            } else {
                waiters.append(body)
                lock.unlock()
            }
        }
    }
}
