import Foundation
import Synchronization

@testable import Core

/// A shared cache in memory, for the guard's own tests (the Redis one is tested against a real redis-server): it
/// keeps the JSON a real one would, and can be made to fail.
final class MemorySharedCache: SharedAnswerCache {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "the shared cache is down (test)" }
    }

    private struct State {
        var entries: [String: (json: [UInt8], lifetime: Duration)] = [:]
        var failing = false
        var lookups = 0
        var claims: Set<String> = []
    }

    private let state = Mutex(State())

    var failing: Bool {
        get { state.withLock { $0.failing } }
        set { state.withLock { $0.failing = newValue } }
    }

    var lookups: Int { state.withLock { $0.lookups } }
    var count: Int { state.withLock { $0.entries.count } }

    /// What was stored for `digest`, and for how long.
    func entry(_ digest: String) -> (json: [UInt8], lifetime: Duration)? { state.withLock { $0.entries[digest] } }

    /// Stores raw bytes, as another program (or a broken one) might have.
    func put(_ json: [UInt8], forTokenDigest digest: String) {
        state.withLock { $0.entries[digest] = (json, .seconds(60)) }
    }

    func answer(forTokenDigest tokenDigest: String) async throws -> SharedAnswer? {
        let (failing, json) = state.withLock { state in
            state.lookups += 1
            return (state.failing, state.entries[tokenDigest]?.json)
        }
        if failing { throw Failure() }
        return json.flatMap { SharedAnswer(json: $0) }
    }

    /// The first claim of a digest wins; claims never lapse here (the tests finish well within a real one's lifetime).
    func claim(forTokenDigest tokenDigest: String, lifetime: Duration) async throws -> Bool {
        try state.withLock { state in
            if state.failing { throw Failure() }
            return state.claims.insert(tokenDigest).inserted
        }
    }

    func remember(_ answer: SharedAnswer, forTokenDigest tokenDigest: String, lifetime: Duration) async throws {
        try state.withLock { state in
            if state.failing { throw Failure() }
            state.entries[tokenDigest] = (answer.json, lifetime)
        }
    }
}
