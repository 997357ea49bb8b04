import Foundation

/// The server-wide count of open connections, shared by all event loops (`maxConnections`). Taken at accept,
/// given back at close; a lock is cheap next to the accept and close system calls it accompanies.
final class ConnectionBudget: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private var used = 0

    init(limit: Int) {
        self.limit = limit
    }

    func tryAcquire() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard used < limit else { return false }
        used += 1
        return true
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
