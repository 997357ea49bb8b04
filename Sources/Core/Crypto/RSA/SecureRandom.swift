/// Cryptographically secure random bytes from the operating system.
///
/// `SystemRandomNumberGenerator` is the standard library's interface to the kernel generator: `getrandom(2)` on
/// Linux (blocking until the pool is seeded, never falling back to a user-space generator) and
/// `arc4random_buf` (backed by the kernel CSPRNG) on Darwin. It cannot fail; if the kernel call does, the runtime
/// traps rather than return weak bytes.
enum SecureRandom {
    static func bytes(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = generator.next()
            for _ in 0..<min(8, count - index) {
                bytes[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        return bytes
    }
}
