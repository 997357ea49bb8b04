import Foundation
import Testing

@testable import Core

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct TerminationSignalTests {
    /// Uses SIGUSR2 so the test process keeps its own SIGINT/SIGTERM handling.
    @Test func returnsTheSignalThatArrived() async throws {
        // Ignored first, so a signal sent before the source exists cannot end the test process.
        _ = signal(SIGUSR2, SIG_IGN)
        async let received = TerminationSignal.wait(for: [SIGUSR2])
        let sender = Task {
            for _ in 0..<30 {
                try await Task.sleep(for: .milliseconds(100))
                kill(getpid(), SIGUSR2)
            }
        }
        let number = await received
        sender.cancel()
        #expect(number == SIGUSR2)
    }
}
