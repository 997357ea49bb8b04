import Foundation
import Testing

@testable import Core

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Uses SIGUSR2 so the test process keeps its own SIGINT/SIGTERM handling. Serialized: the signal is process-wide.
@Suite(.serialized) struct TerminationSignalTests {
    /// Polls (bounded) instead of awaiting, so a lost signal fails the test instead of hanging it.
    private func received(_ termination: TerminationSignal) async throws -> Int32? {
        for _ in 0..<300 {
            if let number = termination.received { return number }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Once the initialiser returns, a single signal is enough: none is lost while dispatch sets up (on Linux it
    /// installs its handler asynchronously).
    @Test func aSignalRightAfterInitIsCaught() async throws {
        let termination = TerminationSignal([SIGUSR2])
        kill(getpid(), SIGUSR2)
        #expect(try await received(termination) == SIGUSR2)
        #expect(await termination.wait() == SIGUSR2)  // already received: returns at once
    }

    /// A second TerminationSignal in the same process still sees the signal (dispatch's handler is left in place).
    @Test func aLaterTerminationSignalStillCatches() async throws {
        let first = TerminationSignal([SIGUSR2])
        kill(getpid(), SIGUSR2)
        #expect(try await received(first) == SIGUSR2)
        let second = TerminationSignal([SIGUSR2])
        #expect(second.received == nil)
        kill(getpid(), SIGUSR2)
        #expect(try await received(second) == SIGUSR2)
    }
}
