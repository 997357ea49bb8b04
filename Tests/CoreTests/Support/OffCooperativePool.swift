import Foundation

/// Runs blocking work — socket reads with deadlines, `Thread.sleep`, waiting for a child process — on a thread of
/// its own and awaits the result.
///
/// Why: Swift's cooperative pool has one thread per core (two on the CI machine). A task that blocks one of them
/// takes it away from every other task of the test process: the server's deferred handlers, `Task.sleep`
/// wake-ups, URLSession callbacks. With two blocked threads, everything async stalls for as long as they block.
/// A dedicated `Thread` costs a few microseconds to start and blocks no one.
///
/// The closure runs outside the test's task, so it returns what it saw and the test asserts on that (an
/// `#expect` inside would not be attributed to the test).
func offCooperativePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
        thread.start()
    }
}
