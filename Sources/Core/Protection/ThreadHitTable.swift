import Synchronization

/// Each thread's own copy of the introspection caches' recent hits, so that the event loops of different cores
/// answer cached requests without touching shared state: a lock shared by all loops moved its cache line between
/// cores on every cached request, which cost more under load than the lookup itself.
///
/// A direct-mapped table per thread in `ThreadLocalMemory`: `slotCount` entries, the slot chosen by the low bits of
/// the key. `TokenCacheKey` is a secret-keyed hash, so its bits are uniform and nobody outside the process can aim
/// two tokens at one slot. A lookup is a thread-specific read, one index and one compare: no lock, no hashing, no
/// reference counting. One table per thread serves every `IntrospectionCache` of the process; an entry carries its
/// cache's `id`, unique for the life of the process.
///
/// Invariants:
/// - An entry is copied here only from `IntrospectionCache`'s shared state, while valid there and with the same
///   `expiresAt`, so a thread never answers anything the shared cache would not have, and never at or after expiry.
/// - A new key evicts the entry in its slot: only a copy, the shared cache still has it.
/// - Memory: `slotCount` × 48 bytes per thread that served a cached request, freed when the thread exits.
struct ThreadHitTable: Sendable {
    typealias Hit = IntrospectionCache.Hit

    static let slotCount = 1_024

    /// This table's cache; never 0, which marks an empty slot (the memory starts zero-filled).
    let id: UInt64

    private struct Entry {
        var cacheID: UInt64
        var key: TokenCacheKey
        var hit: Hit
    }

    private static let memory = ThreadLocalMemory(byteCount: slotCount * MemoryLayout<Entry>.stride)
    private static let lastID = Atomic<UInt64>(0)

    init() {
        id = Self.lastID.add(1, ordering: .relaxed).newValue
    }

    /// The calling thread's entry for `key`, if it has one.
    func value(for key: TokenCacheKey) -> Hit? {
        let offset = Self.offset(of: key)
        let block = Self.memory.block
        let entry = block.load(fromByteOffset: offset, as: Entry.self)
        return entry.cacheID == id && entry.key == key ? entry.hit : nil
    }

    func insert(_ hit: Hit, for key: TokenCacheKey) {
        Self.memory.block.storeBytes(
            of: Entry(cacheID: id, key: key, hit: hit), toByteOffset: Self.offset(of: key), as: Entry.self)
    }

    func remove(_ key: TokenCacheKey) {
        let offset = Self.offset(of: key)
        let block = Self.memory.block
        let entry = block.load(fromByteOffset: offset, as: Entry.self)
        guard entry.cacheID == id, entry.key == key else { return }
        block.storeBytes(of: 0 as UInt64, toByteOffset: offset, as: UInt64.self)  // `cacheID` comes first
    }

    private static func offset(of key: TokenCacheKey) -> Int {
        Int(truncatingIfNeeded: key.low & UInt64(slotCount - 1)) * MemoryLayout<Entry>.stride
    }
}
