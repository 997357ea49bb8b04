import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process signals a server cares about: SIGINT/SIGTERM start a graceful shutdown; SIGPIPE must never kill it.
///
/// ```swift
/// let port = try server.start()
/// log("listening on http://\(host):\(port)")
/// _ = await TerminationSignal.wait()          // or: await server.runUntilTerminated()
/// await server.shutdown(gracePeriod: .seconds(10))
/// exit(0)
/// ```
public enum TerminationSignal {
    /// Ignores SIGPIPE for the whole process: writing to a client that went away must fail with EPIPE, not end the
    /// server. (The server also passes MSG_NOSIGNAL on Linux and sets SO_NOSIGPIPE on macOS.)
    public static func ignoreBrokenPipe() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Suspends until the process receives one of `signals` (SIGINT or SIGTERM by default) and returns its number.
    ///
    /// The signals are caught with DispatchSource (their default action is set aside meanwhile, as dispatch
    /// requires) and restored to the default action after the first one: a second Ctrl-C ends the process at once,
    /// which is what a person pressing it twice wants.
    public static func wait(for signals: [Int32] = [SIGINT, SIGTERM]) async -> Int32 {
        await withCheckedContinuation { continuation in
            let catcher = Catcher(continuation: continuation, signals: signals)
            catcher.install()
        }
    }

    /// Holds the dispatch sources until the first signal; the lock makes the continuation resume exactly once.
    private final class Catcher: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Int32, Never>?
        private var sources: [any DispatchSourceSignal] = []
        private let signals: [Int32]
        private let queue = DispatchQueue(label: "TerminationSignal")

        init(continuation: CheckedContinuation<Int32, Never>, signals: [Int32]) {
            self.continuation = continuation
            self.signals = signals
        }

        func install() {
            lock.lock()
            defer { lock.unlock() }
            for number in signals {
                _ = signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [self] in fire(number) }
                source.resume()
                sources.append(source)
            }
        }

        private func fire(_ number: Int32) {
            lock.lock()
            guard let continuation else { return lock.unlock() }
            self.continuation = nil
            let sources = self.sources
            self.sources = []
            lock.unlock()
            for source in sources { source.cancel() }
            for other in signals { _ = signal(other, SIG_DFL) }
            continuation.resume(returning: number)
        }
    }
}
