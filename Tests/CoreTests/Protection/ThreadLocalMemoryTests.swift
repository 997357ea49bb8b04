import Testing

@testable import Core

@Suite struct ThreadLocalMemoryTests {
    /// This suite's own instance, so that no other test's threads change its counts.
    static let memory = ThreadLocalMemory(byteCount: 64)

    @Test func aThreadGetsZeroFilledMemoryThatStaysItsOwn() {
        let (first, again, zeroes) = onNewThread {
            let block = Self.memory.block
            let zeroes = (0..<64).allSatisfy { block.load(fromByteOffset: $0, as: UInt8.self) == 0 }
            block.storeBytes(of: 42, as: Int.self)
            return (Int(bitPattern: block), Int(bitPattern: Self.memory.block), zeroes)
        }
        #expect(first == again)
        #expect(zeroes)
        #expect(first % 16 == 0)
        // Another thread starts from zero, whatever the first one wrote.
        let other = onNewThread { Self.memory.block.load(as: Int.self) }
        #expect(other == 0)
    }

    @Test func anExitedThreadsBlockIsFreed() {
        let before = Self.memory.liveBlockCount
        let during = onNewThread {
            _ = Self.memory.block
            return Self.memory.liveBlockCount
        }
        #expect(during == before + 1)
        // `onNewThread` returns after the thread has exited, i.e. after its destructors ran.
        #expect(Self.memory.liveBlockCount == before)
    }
}
