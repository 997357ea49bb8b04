import Foundation
import Synchronization
import Testing

@testable import Core

@Suite struct ThreadHitShardsTests {
    /// Runs `body` on a new thread and waits for it.
    private func onNewThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        thread.start()
        done.wait()
        return result.withLock { $0! }
    }

    @Test func aThreadKeepsItsSlotAndAnotherThreadGetsAnother() {
        let first = onNewThread { (ThreadSlot.current, ThreadSlot.current) }
        #expect(first.0 == first.1)
        let second = onNewThread { ThreadSlot.current }
        #expect(second != first.0)
    }

    @Test func entriesAreSeenOnlyByTheThreadThatInsertedThem() {
        let shards = ThreadHitShards<UInt64>(capacity: 10)
        let key = TokenCacheKey(token: "t")
        let (inserterSlot, seenByInserter) = onNewThread {
            shards.insert(42, for: key)
            return (ThreadSlot.current, shards.value(for: key))
        }
        #expect(seenByInserter == 42)
        // A new thread gets the next slot, so another shard (unless exactly a multiple of `shardCount` threads
        // took slots in between, from tests running alongside: then the two share one, which is allowed).
        let (otherSlot, seenByOther) = onNewThread { (ThreadSlot.current, shards.value(for: key)) }
        #expect(otherSlot != inserterSlot)
        let shareShard = otherSlot % ThreadHitShards<UInt64>.shardCount == inserterSlot % ThreadHitShards<UInt64>.shardCount
        #expect(seenByOther == (shareShard ? 42 : nil))
    }

    @Test func aFullShardIsEmptiedBeforeTheNextInsertion() {
        let shards = ThreadHitShards<UInt64>(capacity: 2)
        let (kept, afterOverflow, removed) = onNewThread {
            let keys = (0..<3).map { TokenCacheKey(token: "t\($0)") }
            shards.insert(0, for: keys[0])
            shards.insert(1, for: keys[1])
            shards.insert(10, for: keys[1])  // replacing an entry is not growing
            let kept = (shards.value(for: keys[0]), shards.value(for: keys[1]))
            shards.insert(2, for: keys[2])
            let afterOverflow = keys.map { shards.value(for: $0) }
            shards.remove(keys[2])
            return (kept, afterOverflow, shards.value(for: keys[2]))
        }
        #expect(kept == (0, 10))
        #expect(afterOverflow == [nil, nil, 2])
        #expect(removed == nil)
    }
}
