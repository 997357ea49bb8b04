/// What the readiness poller reports for one descriptor. Implemented with epoll (Poller+Epoll.swift) on Linux and
/// kqueue (Poller+Kqueue.swift) on macOS; both are level-triggered, so a connection that is not read from (because
/// it waits for its handler) must drop its read interest rather than be reported again and again.
struct PollEvent {
    var fd: Int32
    var readable: Bool
    var writable: Bool
    /// Hang-up or error: the next read or write tells which.
    var failed: Bool
    /// The loop's own wake-up (another thread queued work for it).
    var isWakeUp: Bool
}
