/// The `TokenCacheKey`s of the last few tokens the calling thread looked up, so that a token presented again is not
/// hashed again. A service sends the same token with every request until it renews it (the tutorial's clients do),
/// and SipHash over a 700-byte JWT costs about 400 ns, comparing it with a remembered copy about 25: on a cached
/// `/api/private` that hash was the largest cost left (`swift run -c release ProtectedAPIBench` prints both).
///
/// A pure memo of `TokenCacheKey(token:)`: an entry pairs a token's exact bytes with the key that the process-wide
/// function computed from them, so the key returned is always the key that function gives. Nothing about expiry,
/// roles or access lives here; the introspection cache still decides everything.
///
/// Safety:
/// - A presented token is compared with remembered ones in constant time (`ConstantTime.equal`): how long it takes
///   depends on the lengths only, never on how many leading bytes match, so timing cannot be used to guess a
///   remembered token a byte at a time.
/// - Each thread keeps at most `entriesPerThread` tokens of at most `maximumTokenLength` bytes (longer ones are
///   hashed every time): the most recent ones, whose bytes that thread's connection buffers held a moment ago
///   anyway. The introspection cache itself never keeps a token.
/// - Thread-local (`ThreadLocalMemory`): no lock, no cache line shared between cores; freed when the thread exits.
enum RecentTokenKeys {
    static let entriesPerThread = 4
    static let maximumTokenLength = 4_096

    /// `TokenCacheKey(token: token)`, from this thread's memo when the same bytes were looked up recently.
    static func key(for token: Substring) -> TokenCacheKey {
        let utf8 = token.utf8
        guard !utf8.isEmpty, utf8.count <= maximumTokenLength,
            let key = utf8.withContiguousStorageIfAvailable({ Memo.ofCurrentThread.key(for: .init($0)) })
        else { return TokenCacheKey(token: token) }
        return key
    }

    /// Whether this thread's memo holds `token` (for tests).
    static func isRemembered(_ token: String) -> Bool {
        Array(token.utf8).withUnsafeBytes { Memo.ofCurrentThread.index(of: $0) != nil }
    }
}

/// A view of one thread's memo in its `ThreadLocalMemory` block, read and written as raw trivial values:
/// - at 0, the slot to overwrite next (round-robin) and the slot that answered or was filled last;
/// - at `entriesOffset`, per slot: the token's length (0 for an empty slot, which no token's length equals) and key;
/// - at `bytesOffset`, per slot: `maximumTokenLength` bytes for the token.
private struct Memo {
    private let block: UnsafeMutableRawPointer

    private static let slots = RecentTokenKeys.entriesPerThread
    private static let nextOffset = 0
    private static let lastFoundOffset = MemoryLayout<Int>.stride
    private static let entriesOffset = 2 * MemoryLayout<Int>.stride
    private static let entryStride = MemoryLayout<Int>.stride + MemoryLayout<TokenCacheKey>.stride
    private static let bytesOffset = entriesOffset + slots * entryStride
    private static let memory = ThreadLocalMemory(
        byteCount: bytesOffset + slots * RecentTokenKeys.maximumTokenLength)

    static var ofCurrentThread: Memo { Memo(block: memory.block) }

    private func length(_ slot: Int) -> Int {
        block.load(fromByteOffset: Self.entriesOffset + slot * Self.entryStride, as: Int.self)
    }

    private func key(_ slot: Int) -> TokenCacheKey {
        block.load(
            fromByteOffset: Self.entriesOffset + slot * Self.entryStride + MemoryLayout<Int>.stride,
            as: TokenCacheKey.self)
    }

    private func bytes(_ slot: Int, count: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(
            start: block + Self.bytesOffset + slot * RecentTokenKeys.maximumTokenLength, count: count)
    }

    private func integer(at offset: Int) -> Int { block.load(fromByteOffset: offset, as: Int.self) }
    private func setInteger(_ value: Int, at offset: Int) {
        block.storeBytes(of: value, toByteOffset: offset, as: Int.self)
    }

    /// The slot remembering exactly `token`, compared in constant time with every slot of the same length; the slot
    /// that answered last is tried first, so a thread that keeps seeing one token compares it once per request.
    func index(of token: UnsafeRawBufferPointer) -> Int? {
        let lastFound = integer(at: Self.lastFoundOffset)
        if matches(lastFound, token) { return lastFound }
        for slot in 0..<Self.slots where slot != lastFound && matches(slot, token) { return slot }
        return nil
    }

    private func matches(_ slot: Int, _ token: UnsafeRawBufferPointer) -> Bool {
        guard length(slot) == token.count else { return false }
        return ConstantTime.equal(UnsafeRawBufferPointer(bytes(slot, count: token.count)), token)
    }

    /// `token` is 1…`maximumTokenLength` bytes.
    func key(for token: UnsafeRawBufferPointer) -> TokenCacheKey {
        if let slot = index(of: token) {
            setInteger(slot, at: Self.lastFoundOffset)
            return key(slot)
        }
        let key = TokenCacheKey(bytes: token)
        let slot = integer(at: Self.nextOffset)
        setInteger((slot + 1) % Self.slots, at: Self.nextOffset)
        bytes(slot, count: token.count).copyMemory(from: token)
        let entry = Self.entriesOffset + slot * Self.entryStride
        block.storeBytes(of: token.count, toByteOffset: entry, as: Int.self)
        block.storeBytes(of: key, toByteOffset: entry + MemoryLayout<Int>.stride, as: TokenCacheKey.self)
        setInteger(slot, at: Self.lastFoundOffset)
        return key
    }
}
