#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Each thread's own copy of the introspection cache's recent hits, so that the event loops of different cores
/// answer cached requests without all writing to one shared lock: that lock's cache line moved between cores on
/// every cached request, which cost more under load than the lookup itself.
///
/// Invariants:
/// - An entry is copied here only from `IntrospectionCache`'s shared state, while valid there and with the same
///   `expiresAt`, so a shard never answers anything the shared cache would not have, and never at or after expiry.
/// - A shard holds at most `capacity` entries; a full shard is emptied before the next insertion (it is only a
///   copy, the shared cache still has everything).
/// - The first `shardCount` threads that ask get a shard each, in order; later threads share shards round-robin,
///   which stays correct (every shard has its own lock) and only brings back some contention.
final class ThreadHitShards<Value: BitwiseCopyable & Sendable>: Sendable {
    static var shardCount: Int { 16 }

    let capacity: Int
    private let shards: [Shard]

    private final class Shard: Sendable {
        let entries = Mutex<[TokenCacheKey: Value]>([:])
        /// Keeps the next shard's lock off this one's cache line (64 bytes on x86-64 and most ARM cores).
        private let padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    /// The calling thread's entry for `key`, if it has one.
    func value(for key: TokenCacheKey) -> Value? {
        shards[ThreadSlot.current % shards.count].entries.withLock { $0[key] }
    }

    func insert(_ value: Value, for key: TokenCacheKey) {
        shards[ThreadSlot.current % shards.count].entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }

    func remove(_ key: TokenCacheKey) {
        shards[ThreadSlot.current % shards.count].entries.withLock { $0[key] = nil }
    }
}

/// A small number per thread, handed out in order of first use: 0, 1, 2, … Kept in a POSIX thread-specific value
/// (`pthread_getspecific`, a few nanoseconds), since Swift has no thread-local storage of its own.
enum ThreadSlot {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "pthread_key_create failed (\(status)): the process is out of thread keys")
        return key
    }()
    private static let next = Atomic<Int>(0)

    static var current: Int {
        // Stored as slot + 1, so that "no value yet" (nil) differs from slot 0.
        if let stored = pthread_getspecific(key) { return Int(bitPattern: stored) - 1 }
        let slot = next.add(1, ordering: .relaxed).oldValue
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: slot + 1))
        return slot
    }
}
