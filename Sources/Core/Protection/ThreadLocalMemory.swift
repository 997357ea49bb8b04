#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A block of raw memory per thread: zero-filled when a thread first asks for it, freed when that thread exits.
///
/// For the per-request fast path of a protected route (`RecentTokenKeys`, `ThreadHitTable`): state that only its
/// own thread reads and writes needs no lock, and no cache line of it moves between cores. Kept in a POSIX
/// thread-specific value (`pthread_getspecific`, a few nanoseconds), since Swift has no thread-local storage of its
/// own.
///
/// The block holds only trivial values (integers, keys, `BitwiseCopyable` structs) for which all-zero bytes are a
/// valid value and which need no deinitialisation, so freeing it is `free(3)`. Each instance takes one of the
/// process's thread-specific keys for good (at least 128 exist), so instances are `static` constants.
struct ThreadLocalMemory: Sendable {
    let byteCount: Int
    private let key: pthread_key_t
    /// How many threads hold a block of this instance. Each block's header holds a retained reference to it, so
    /// that the thread library's destructor (a C function, which cannot capture anything) can count the block out.
    private let liveBlocks = LiveBlocks()

    private final class LiveBlocks: Sendable {
        let count = Atomic<Int>(0)
    }

    /// The header before the caller's bytes: the `liveBlocks` reference, padded to keep the bytes 16-byte aligned.
    private static let headerSize = 16

    init(byteCount: Int) {
        self.byteCount = byteCount
        var key = pthread_key_t()
        // Run by the thread library when a thread that has a block exits (Darwin declares the argument non-optional).
        #if canImport(Darwin)
        let status = pthread_key_create(&key) { ThreadLocalMemory.destroy($0) }
        #else
        let status = pthread_key_create(&key) { if let block = $0 { ThreadLocalMemory.destroy(block) } }
        #endif
        precondition(status == 0, "pthread_key_create failed (\(status)): the process is out of thread keys")
        self.key = key
    }

    /// `block` is what `block` returned: the caller's bytes, after the header.
    private static func destroy(_ block: UnsafeMutableRawPointer) {
        let allocation = block - headerSize
        let liveBlocks = Unmanaged<LiveBlocks>.fromOpaque(allocation.load(as: UnsafeRawPointer.self))
        liveBlocks.takeUnretainedValue().count.subtract(1, ordering: .relaxed)
        liveBlocks.release()
        free(allocation)
    }

    /// How many threads hold a block now (for tests: an exited thread's block is freed).
    var liveBlockCount: Int { liveBlocks.count.load(ordering: .relaxed) }

    /// The calling thread's block: `byteCount` bytes aligned to 16, allocated zero-filled on first use.
    var block: UnsafeMutableRawPointer {
        if let block = pthread_getspecific(key) { return block }
        guard let allocation = calloc(1, Self.headerSize + byteCount) else {
            fatalError("out of memory allocating \(byteCount) bytes of thread-local state")
        }
        allocation.storeBytes(of: Unmanaged.passRetained(liveBlocks).toOpaque(), as: UnsafeRawPointer.self)
        liveBlocks.count.add(1, ordering: .relaxed)
        let block = allocation + Self.headerSize
        pthread_setspecific(key, block)
        return block
    }
}

