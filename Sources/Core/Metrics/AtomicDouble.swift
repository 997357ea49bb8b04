import Synchronization

/// A `Double` that any thread may update without a lock: its bit pattern in an `Atomic<UInt64>`, changed with a
/// compare-and-exchange loop (the hardware has no atomic floating-point add).
///
/// Why not a lock: a counter or gauge is touched on every request, from every event loop at once. An atomic update
/// costs a few nanoseconds and never puts a thread to sleep; the loop only repeats when another thread changed the
/// value between the load and the exchange, and then it succeeds on the next try unless it lost again. A scrape
/// reads one value with one load, so it can never see half an update. Whole numbers up to 2^53 are exact, so
/// counting requests one by one gives the exact total.
struct AtomicDouble: ~Copyable, Sendable {
    private let bits: Atomic<UInt64>

    init(_ value: Double = 0) {
        bits = Atomic(value.bitPattern)
    }

    func load() -> Double {
        Double(bitPattern: bits.load(ordering: .relaxed))
    }

    func store(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    func add(_ amount: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = bits.weakCompareExchange(
                expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
