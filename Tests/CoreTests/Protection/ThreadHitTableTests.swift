import Foundation
import Testing

@testable import Core

@Suite struct ThreadHitTableTests {
    private typealias Hit = IntrospectionCache.Hit

    private static func hit(_ bits: UInt32) -> Hit {
        Hit(expiresAt: Date(timeIntervalSinceReferenceDate: 1_000), fingerprintBits: bits, routeRoleBits: 0)
    }

    /// Two keys that share a slot: the first token's and the first of "t1", "t2", … that lands on it.
    private static func collidingKeys() -> (TokenCacheKey, TokenCacheKey) {
        let mask = UInt64(ThreadHitTable.slotCount - 1)
        let first = TokenCacheKey(token: "t0")
        for index in 1... {
            let other = TokenCacheKey(token: "t\(index)")
            if other.low & mask == first.low & mask { return (first, other) }
        }
        fatalError("unreachable")
    }

    @Test func anEntryIsSeenOnlyByTheThreadThatInsertedIt() {
        let table = ThreadHitTable()
        let key = TokenCacheKey(token: "t")
        let seenByInserter = onNewThread {
            table.insert(Self.hit(42), for: key)
            return table.value(for: key)?.fingerprintBits
        }
        #expect(seenByInserter == 42)
        #expect(onNewThread { table.value(for: key) } == nil)
    }

    @Test func tablesOfDifferentCachesDoNotSeeEachOthersEntries() {
        let (first, second) = (ThreadHitTable(), ThreadHitTable())
        #expect(first.id != second.id && first.id != 0 && second.id != 0)
        let key = TokenCacheKey(token: "t")
        let (seenBySecond, keptAfterSecondsRemove) = onNewThread {
            first.insert(Self.hit(1), for: key)
            let seen = second.value(for: key)
            second.remove(key)  // not its entry: must leave the first cache's alone
            return (seen, first.value(for: key)?.fingerprintBits)
        }
        #expect(seenBySecond == nil)
        #expect(keptAfterSecondsRemove == 1)
    }

    @Test func aKeyInTheSameSlotReplacesTheEntryAndRemoveForgetsIt() {
        let table = ThreadHitTable()
        let (first, second) = Self.collidingKeys()
        let (beforeReplace, afterReplace, afterRemove) = onNewThread {
            table.insert(Self.hit(1), for: first)
            let before = table.value(for: first)?.fingerprintBits
            table.insert(Self.hit(2), for: second)
            let after = [table.value(for: first)?.fingerprintBits, table.value(for: second)?.fingerprintBits]
            table.remove(first)  // no longer there: leaves the second alone
            let keptSecond = table.value(for: second)?.fingerprintBits
            table.remove(second)
            return (before, after, [keptSecond, table.value(for: second)?.fingerprintBits])
        }
        #expect(beforeReplace == 1)
        #expect(afterReplace == [nil, 2])
        #expect(afterRemove == [2, nil])
    }
}
