import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT/SIGTERM as an awaitable event, for a graceful shutdown; and SIGPIPE, which must never end a server.
///
/// Create it BEFORE announcing that the server listens: the initialiser returns only once the signals are really
/// caught, so a script that sends SIGTERM as soon as it reads "listening on …" gets a graceful exit, not the
/// default action.
///
/// ```swift
/// let termination = TerminationSignal()          // SIGINT and SIGTERM are caught from here on
/// let port = try server.start()
/// log("listening on http://\(host):\(port)")
/// _ = await termination.wait()
/// await server.shutdown(gracePeriod: .seconds(10))
/// exit(0)
/// ```
///
/// How: DispatchSource signal sources, with the default action set aside (SIG_IGN) as dispatch requires. On Linux,
/// libdispatch installs its own handler asynchronously, once per process; a signal arriving before that would be
/// lost, so the initialiser waits (at most a second) until the handler is in place. Signals after the first are
/// ignored: the grace period already bounds the shutdown.
public final class TerminationSignal: Sendable {
    private let state: State

    /// Starts catching `signals` (SIGINT and SIGTERM by default).
    public init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        state = State()
        state.install(signals)
    }

    /// Suspends until one of the signals arrives (at once if one already did) and returns its number.
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            state.whenReceived { continuation.resume(returning: $0) }
        }
    }

    /// The signal received so far, if any.
    var received: Int32? { state.receivedSignal }

    /// Catches `signals` and waits for the first one. Prefer `init` + `wait()` when something (a "listening" line)
    /// must only happen once the signals are caught.
    public static func wait(for signals: [Int32] = [SIGINT, SIGTERM]) async -> Int32 {
        await TerminationSignal(signals).wait()
    }

    /// Ignores SIGPIPE for the whole process: writing to a client that went away must fail with EPIPE, not end the
    /// server. (The server also passes MSG_NOSIGNAL on Linux and sets SO_NOSIGPIPE on macOS.)
    public static func ignoreBrokenPipe() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// SIG_DFL and SIG_IGN as addresses, to compare with `disposition(_:)`.
    static let defaultAction = unsafeBitCast(SIG_DFL, to: Int.self)
    static let ignore = unsafeBitCast(SIG_IGN, to: Int.self)

    /// The current handler of `number` as an address (SIG_DFL, SIG_IGN or a function).
    static func disposition(_ number: Int32) -> Int {
        var current = sigaction()
        sigaction(number, nil, &current)
        #if canImport(Glibc)
        let handler = current.__sigaction_handler.sa_handler
        #else
        let handler = current.__sigaction_u.__sa_handler
        #endif
        return handler.map { unsafeBitCast($0, to: Int.self) } ?? 0
    }

    /// The dispatch sources and the first signal, under one lock.
    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var received: Int32?
        private var waiters: [(Int32) -> Void] = []
        private var sources: [any DispatchSourceSignal] = []
        private let queue = DispatchQueue(label: "TerminationSignal")

        func install(_ signals: [Int32]) {
            lock.lock()
            for number in signals {
                // Only a default action is set aside; a handler already there (dispatch's, from an earlier
                // TerminationSignal) must stay, or dispatch would never see the signal again.
                if TerminationSignal.disposition(number) == TerminationSignal.defaultAction { _ = signal(number, SIG_IGN) }
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [self] in fire(number) }
                source.resume()
                sources.append(source)
            }
            lock.unlock()
            #if canImport(Glibc)
            // libdispatch on Linux catches signals with its own handler, installed on its manager thread.
            for _ in 0..<1000 where signals.contains(where: { [TerminationSignal.defaultAction, TerminationSignal.ignore].contains(TerminationSignal.disposition($0)) }) {
                usleep(1000)
            }
            #endif
        }

        private func fire(_ number: Int32) {
            lock.lock()
            guard received == nil else { return lock.unlock() }
            received = number
            let waiting = waiters
            waiters = []
            let sources = self.sources
            self.sources = []
            lock.unlock()
            for source in sources { source.cancel() }
            for waiter in waiting { waiter(number) }
        }

        var receivedSignal: Int32? {
            lock.lock()
            defer { lock.unlock() }
            return received
        }

        func whenReceived(_ body: @escaping (Int32) -> Void) {
            lock.lock()
            if let received {
                lock.unlock()
                body(received)
            } else {
                waiters.append(body)
                lock.unlock()
            }
        }

    }
}
