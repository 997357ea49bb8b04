import Foundation
import Synchronization

@testable import Core

/// An introspector for what the stand-in never answers (an active answer already past its `exp`, role claims of one
/// shape only, chosen failures): answers from a closure, counts calls, optionally slowly.
final class CountingIntrospector: TokenIntrospecting {
    private let answers: @Sendable (String) -> Result<IntrospectionResult, IntrospectionError>
    private let delay: Duration
    private let beforeAnswer: (@Sendable () async -> Void)?
    private let calls = Mutex(0)

    /// `beforeAnswer` is awaited before each answer: the test decides when the call ends.
    init(delay: Duration = .zero, beforeAnswer: (@Sendable () async -> Void)? = nil,
         answers: @escaping @Sendable (String) -> Result<IntrospectionResult, IntrospectionError>) {
        self.delay = delay
        self.beforeAnswer = beforeAnswer
        self.answers = answers
    }

    var callCount: Int { calls.withLock { $0 } }

    func introspect(token: String) async throws(IntrospectionError) -> IntrospectionResult {
        calls.withLock { $0 += 1 }
        if delay > .zero { try? await Task.sleep(for: delay) }
        await beforeAnswer?()
        return try answers(token).get()
    }
}

/// A wall clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
