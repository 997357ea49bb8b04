import Foundation

/// The server-wide count of open connections, shared by all event loops: at most `limit` in all
/// (`maxConnections`) and `perAddressLimit` from one client address (`maxConnectionsPerAddress`), so that one client
/// cannot hold every connection. Taken at accept, given back at close; an uncontended lock is cheap next to the
/// accept and close system calls it accompanies.
final class ConnectionBudget: @unchecked Sendable {
    enum Grant: Equatable {
        /// A slot, as a ticket number that counts every accepted connection (the loops use it to deal connections
        /// out round-robin).
        case granted(ticket: Int)
        /// The server is at `limit`: a slot can only come from closing an idle connection (`transfer`).
        case serverFull
        /// This address already holds `perAddressLimit` connections.
        case addressFull
    }

    private let lock = NSLock()
    private let limit: Int
    private let perAddressLimit: Int
    private var used = 0
    private var tickets = 0
    private var byAddress: [String: Int] = [:]

    init(limit: Int, perAddressLimit: Int) {
        self.limit = limit
        self.perAddressLimit = perAddressLimit
    }

    func tryAcquire(address: String?) -> Grant {
        lock.lock()
        defer { lock.unlock() }
        if let address, byAddress[address, default: 0] >= perAddressLimit { return .addressFull }
        guard used < limit else { return .serverFull }
        used += 1
        tickets &+= 1
        if let address { byAddress[address, default: 0] += 1 }
        return .granted(ticket: tickets)
    }

    /// Hands the slot of a connection from `old` that is being closed to a new one from `new`, which `tryAcquire`
    /// found within its address's limit.
    func transfer(from old: String?, to new: String?) {
        lock.lock()
        defer { lock.unlock() }
        forget(old)
        if let new { byAddress[new, default: 0] += 1 }
    }

    func release(address: String?) {
        lock.lock()
        defer { lock.unlock() }
        used -= 1
        forget(address)
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return used
    }

    /// Connections open from `address` (for tests).
    func count(from address: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return byAddress[address, default: 0]
    }

    private func forget(_ address: String?) {
        guard let address, let held = byAddress[address] else { return }
        byAddress[address] = held > 1 ? held - 1 : nil
    }
}
