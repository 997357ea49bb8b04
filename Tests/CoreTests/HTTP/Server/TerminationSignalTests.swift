import Foundation
import Testing

@testable import Core

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Uses SIGUSR2 so the test process keeps its own SIGINT/SIGTERM handling. Serialized: the signal is process-wide.
///
/// The tests send SIGUSR2 to their own process, whose default action is to end it: a signal sent while no handler
/// is in place would kill the whole test run (seen once, as "signal 12"). So every send goes through
/// `sendSIGUSR2()`, which first waits (bounded) until a handler is installed — libdispatch installs its own
/// asynchronously, and on a loaded machine later than `TerminationSignal.init`'s one-second wait — and sends nothing
/// (recording an issue) if there is none.
@Suite(.serialized) struct TerminationSignalTests {
    /// Polls (bounded) instead of awaiting, so a lost signal fails the test instead of hanging it.
    private func received(_ termination: TerminationSignal) async throws -> Int32? {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let number = termination.received { return number }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Sends SIGUSR2 to this process once a handler catches it; never while the default action (end the process)
    /// or "ignore" (the signal would be lost) is in place.
    private func sendSIGUSR2() async throws {
        let defaultAction = TerminationSignal.defaultAction, ignore = TerminationSignal.ignore
        let deadline = ContinuousClock.now + .seconds(30)
        while [defaultAction, ignore].contains(TerminationSignal.disposition(SIGUSR2)) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let disposition = TerminationSignal.disposition(SIGUSR2)
        try #require(disposition != defaultAction, "SIGUSR2 has its default action: sending it would end the tests")
        try #require(disposition != ignore, "no handler for SIGUSR2 was installed")
        kill(getpid(), SIGUSR2)
    }

    /// Once the initialiser returns, a single signal is enough: none is lost while dispatch sets up (on Linux it
    /// installs its handler asynchronously).
    @Test func aSignalRightAfterInitIsCaught() async throws {
        let termination = TerminationSignal([SIGUSR2])
        try await sendSIGUSR2()
        #expect(try await received(termination) == SIGUSR2)
        #expect(await termination.wait() == SIGUSR2)  // already received: returns at once
    }

    /// A second TerminationSignal in the same process still sees the signal (dispatch's handler is left in place).
    @Test func aLaterTerminationSignalStillCatches() async throws {
        let first = TerminationSignal([SIGUSR2])
        try await sendSIGUSR2()
        #expect(try await received(first) == SIGUSR2)
        let second = TerminationSignal([SIGUSR2])
        #expect(second.received == nil)
        try await sendSIGUSR2()
        #expect(try await received(second) == SIGUSR2)
    }
}
