import Testing
@testable import Core

@Suite struct SecureRandomTests {
    @Test func givesTheRequestedCountAndDifferentBytesEachTime() {
        #expect(SecureRandom.bytes(count: 0).isEmpty)
        #expect(SecureRandom.bytes(count: 13).count == 13)
        let a = SecureRandom.bytes(count: 32), b = SecureRandom.bytes(count: 32)
        #expect(a != b)  // equal with probability 2⁻²⁵⁶
        // Every byte value shows up in 64 KiB of output (fails with probability ~256·e⁻²⁵⁶).
        #expect(Set(SecureRandom.bytes(count: 65536)).count == 256)
    }
}
