import Foundation

/// The server-wide count of open connections, shared by all event loops (`maxConnections`). Taken at accept,
/// given back at close; an uncontended lock is cheap next to the accept and close system calls it accompanies.
final class ConnectionBudget: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private var used = 0
    private var tickets = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// A slot, as a ticket number that counts every accepted connection (the loops use it to deal connections out
    /// round-robin); nil past the limit.
    func tryAcquire() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard used < limit else { return nil }
        used += 1
        tickets &+= 1
        return tickets
    }

    func release() {
        lock.lock()
        used -= 1
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return used
    }
}
