import Synchronization

@testable import Core

/// Collects lines — an API's log, the stand-in's, or whatever a test wants to look at afterwards.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var count: Int { lines.withLock { $0.count } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var log: RequestLog { RequestLog { line in self.append(line) } }

    /// The lines written after the first `count` (a shared writer's lines of one test).
    func since(_ count: Int) -> ArraySlice<String> { lines.withLock { $0.dropFirst(count) } }
}
