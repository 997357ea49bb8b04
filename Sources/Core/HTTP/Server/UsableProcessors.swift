import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How many CPUs this process may run on: the server's default number of event loops.
///
/// Why not `ProcessInfo.activeProcessorCount`: on Linux it counts the machine's online CPUs and ignores the
/// process's affinity mask, the set of CPUs that `taskset`, `docker run --cpuset-cpus` or systemd's `CPUAffinity=`
/// allow. A server started on one CPU of two would run two loops that take turns on that one CPU, each preempting the
/// other in the middle of a batch. So on Linux the mask is read with `sched_getaffinity(2)` (as `nproc` does) and its
/// bits counted; a CPU *quota* (`docker run --cpus`) limits time, not CPUs, and is not taken into account.
///
/// On Darwin, where threads have no hard affinity, and if the call fails: `activeProcessorCount`.
enum UsableProcessors {
    static var count: Int {
        #if canImport(Glibc)
        if let count = affinityCount(), count > 0 { return count }
        #endif
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    #if canImport(Glibc)
    /// The number of CPUs in the calling thread's affinity mask (a new thread inherits its creator's), or nil.
    static func affinityCount() -> Int? {
        guard let getAffinity = schedGetAffinity else { return nil }
        // glibc's cpu_set_t holds 1,024 CPUs; the kernel refuses (EINVAL) a mask smaller than its own CPU count, so
        // a larger machine gets a larger mask.
        var byteCount = 128
        while byteCount <= 64 * 1024 {
            let mask = UnsafeMutableRawBufferPointer.allocate(byteCount: byteCount, alignment: 8)
            defer { mask.deallocate() }
            mask.initializeMemory(as: UInt8.self, repeating: 0)
            if getAffinity(0, byteCount, mask.baseAddress) == 0 {
                return mask.reduce(0) { $0 + $1.nonzeroBitCount }
            }
            guard errno == EINVAL else { return nil }
            byteCount *= 2
        }
        return nil
    }

    /// `int sched_getaffinity(pid_t, size_t, cpu_set_t *)`: in <sched.h> only under _GNU_SOURCE, which Swift's Glibc
    /// module does not define; looked up like `LinuxC`'s functions.
    private typealias SchedGetAffinity = @convention(c) (Int32, Int, UnsafeMutableRawPointer?) -> Int32
    private static let schedGetAffinity: SchedGetAffinity? = {
        guard let address = dlsym(nil, "sched_getaffinity") else { return nil }
        return unsafeBitCast(address, to: SchedGetAffinity.self)
    }()
    #endif
}
