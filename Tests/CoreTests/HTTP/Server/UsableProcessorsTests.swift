import Foundation
import Testing

@testable import Core

#if canImport(Glibc)
import Glibc
#endif

@Suite struct UsableProcessorsTests {
    @Test func isTheServersDefaultLoopCount() {
        #expect(HTTPServer.Configuration().eventLoopCount == UsableProcessors.count)
        #expect(UsableProcessors.count >= 1)
    }

    #if canImport(Glibc)
    /// `nproc` (coreutils) counts the affinity mask too: both must agree, on the machine as it is.
    @Test func agreesWithNproc() throws {
        let nproc = Process()
        nproc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        nproc.arguments = ["nproc"]
        let output = Pipe()
        nproc.standardOutput = output
        try nproc.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        nproc.waitUntilExit()
        let counted = Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(counted == UsableProcessors.count)
    }

    /// A thread allowed on one CPU counts one, whatever the machine has: what a server started under
    /// `taskset -c N` sees (its threads inherit the mask).
    @Test func threadRestrictedToOneCPUCountsOne() throws {
        typealias SchedSetAffinity = @convention(c) (Int32, Int, UnsafeRawPointer?) -> Int32
        let setAffinity = try #require(
            dlsym(nil, "sched_setaffinity").map { unsafeBitCast($0, to: SchedSetAffinity.self) })
        let before = try #require(UsableProcessors.affinityCount())

        let (status, mask, count, loops) = onNewThread {
            // CPU 0 may be outside this process's mask (a container pinned elsewhere): take the first CPU it allows.
            var cpuSet = [UInt8](repeating: 0, count: 128)
            let firstAllowed = Self.firstAllowedCPU()
            cpuSet[firstAllowed / 8] = 1 << (firstAllowed % 8)
            let status = cpuSet.withUnsafeBytes { setAffinity(0, $0.count, $0.baseAddress) }
            return (status, UsableProcessors.affinityCount(), UsableProcessors.count,
                HTTPServer.Configuration().eventLoopCount)
        }
        #expect(status == 0)
        #expect(mask == 1)
        #expect(count == 1)
        #expect(loops == 1)
        // Only that thread was restricted.
        #expect(UsableProcessors.affinityCount() == before)
    }

    /// The lowest CPU the calling thread may run on, read from /proc (independent of the code under test).
    private static func firstAllowedCPU() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return 0 }
        // "0-3,8": the first range's lower bound is the lowest CPU.
        let list = line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
        return list.split(whereSeparator: { $0 == "," || $0 == "-" }).first.flatMap { Int($0) } ?? 0
    }
    #endif
}
