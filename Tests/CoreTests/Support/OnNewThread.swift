#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Runs `body` on a new POSIX thread and returns its result once the thread has exited, so that the thread's
/// thread-specific destructors (`ThreadLocalMemory`) have run by then. For state that belongs to one thread:
/// a fresh thread starts with none, whatever other tests did on the cooperative pool's threads.
func onNewThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
    let result = Mutex<T?>(nil)
    withoutActuallyEscaping({ result.withLock { $0 = body() } }) { work in
        let job = ThreadJob(work)
        let argument = Unmanaged.passRetained(job).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        let status = pthread_create(&thread, nil, { ThreadJob.run($0) }, argument)
        precondition(status == 0, "pthread_create failed: \(status)")
        pthread_join(thread!, nil)
        #else
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { ThreadJob.run($0!) }, argument)
        precondition(status == 0, "pthread_create failed: \(status)")
        pthread_join(thread, nil)
        #endif
    }
    return result.withLock { $0! }
}

/// The closure a new thread runs, passed through `pthread_create`'s one pointer argument.
private final class ThreadJob {
    let work: () -> Void
    init(_ work: @escaping () -> Void) { self.work = work }

    static func run(_ argument: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        Unmanaged<ThreadJob>.fromOpaque(argument).takeRetainedValue().work()
        return nil
    }
}
