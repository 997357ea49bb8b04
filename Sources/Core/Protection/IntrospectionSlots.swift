import Synchronization

/// At most `limit` introspections at once (`INTROSPECTION_CONCURRENCY`). A request that finds every slot taken waits
/// for one, but only so long: past `patience` it gives up and the API answers 503 at once. So a flood of new tokens
/// builds no backlog — whatever cannot be asked within moments is refused, not queued — and shortly after a flood
/// stops nothing of it is still on its way to ZITADEL.
final class IntrospectionSlots: Sendable {
    let limit: Int

    private struct State {
        var free: Int
        var waiting: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    init(limit: Int) {
        self.limit = max(1, limit)
        state = Mutex(State(free: self.limit))
    }

    /// True with a slot, which the caller must `release()`; false when none came free within `patience`.
    func acquire(within patience: Duration) async -> Bool {
        if state.withLock({ state in
            guard state.free > 0 else { return false }
            state.free -= 1
            return true
        }) {
            return true
        }
        guard patience > .zero else { return false }
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return await withCheckedContinuation { continuation in
            let acquired = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append((id, continuation))
                return false
            }
            if acquired {
                continuation.resume(returning: true)
                return
            }
            Task { [self] in
                try? await Task.sleep(for: patience)
                giveUp(id)
            }
        }
    }

    /// Hands the slot to the longest waiter, or frees it.
    func release() {
        let next = state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.free = min(limit, state.free + 1)
                return nil as CheckedContinuation<Bool, Never>?
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume(returning: true)
    }

    /// Slots free now (for tests and diagnostics).
    var available: Int { state.withLock { $0.free } }

    private func giveUp(_ id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiting.remove(at: index).continuation
        }
        continuation?.resume(returning: false)
    }
}
