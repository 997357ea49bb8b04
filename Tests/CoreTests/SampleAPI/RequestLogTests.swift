#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

@testable import Core

/// The request line's exact text, what it does with hostile request fields, and that the file-descriptor sink writes
/// each line once with its line feed.
@Suite struct RequestLogTests {
    /// The lines `body` logs, through a closure sink.
    private func lines(_ body: (RequestLog) -> Void) -> [String] {
        let collected = LogLines()
        body(collected.log)
        return collected.all
    }

    @Test func aCachedRequestLine() {
        let logged = lines {
            $0.request(
                method: "GET", path: "/api/private", status: 200, duration: .microseconds(12), cache: "hit",
                token: "1a2b3c4d")
        }
        #expect(logged == ["GET /api/private 200 0.012ms cache=hit token=1a2b3c4d"])
    }

    @Test func aLineWithoutToken() {
        let logged = lines {
            $0.request(method: "HEAD", path: "/api/public", status: 404, duration: .seconds(2), cache: nil, token: nil)
        }
        #expect(logged == ["HEAD /api/public 404 2000.000ms cache=-"])
    }

    @Test func durationsPrintInMillisecondsWithThreeDecimals() {
        #expect(RequestLog.milliseconds(.zero) == "0.000ms")
        #expect(RequestLog.milliseconds(.microseconds(5)) == "0.005ms")
        #expect(RequestLog.milliseconds(.microseconds(1234)) == "1.234ms")
        #expect(RequestLog.milliseconds(.nanoseconds(999)) == "0.000ms")
        #expect(RequestLog.milliseconds(.seconds(86_400)) == "86400000.000ms")
        // Nonsense durations print something, never trap.
        #expect(RequestLog.milliseconds(.seconds(-1)) == "0.000ms")
        #expect(RequestLog.milliseconds(.seconds(Int64.max)).hasSuffix("ms"))
    }

    @Test func controlCharactersBecomeQuestionMarksAndLongFieldsAreCut() {
        let longPath = "/" + String(repeating: "a", count: 300)
        let logged = lines {
            $0.request(method: "G\u{7F}T", path: "/a\nb\u{1B}c", status: 400, duration: .zero, cache: nil, token: nil)
            $0.request(method: "GET", path: longPath, status: 414, duration: .zero, cache: nil, token: nil)
            $0.request(method: "GET", path: "/é\r", status: 200, duration: .zero, cache: nil, token: nil)
        }
        #expect(logged[0] == "G?T /a?b?c 400 0.000ms cache=-")
        #expect(logged[1] == "GET " + String(longPath.prefix(256)) + "… 414 0.000ms cache=-")
        #expect(logged[2] == "GET /é? 200 0.000ms cache=-")
        #expect(RequestLog.printable("/a\nb", limit: 10) == "/a?b")
    }

    @Test func theDescriptorSinkWritesEachLineOnceWithALineFeed() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let log = RequestLog(fileDescriptor: ends[1])
        log.request(method: "GET", path: "/api/public", status: 200, duration: .microseconds(1), cache: nil, token: nil)
        log("introspection failed for token 1a2b3c4d: refused")
        close(ends[1])
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(ends[0], &chunk, chunk.count)
            if count <= 0 { break }
            received += chunk[..<count]
        }
        #expect(
            String(decoding: received, as: UTF8.self)
                == "GET /api/public 200 0.001ms cache=-\nintrospection failed for token 1a2b3c4d: refused\n")
    }
}
