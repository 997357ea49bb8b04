import Synchronization

/// A counter that tasks and threads share, e.g. "how many callers have asked so far", so that a fake can wait for
/// all of them instead of hoping a sleep was long enough.
final class SharedCount: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}
