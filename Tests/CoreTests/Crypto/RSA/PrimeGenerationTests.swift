import Testing
@testable import Core

@Suite struct PrimeGenerationTests {
    /// FIPS 186-5 Table B.1, M-R tests only.
    @Test func roundCountsFollowFIPS186_5TableB1() {
        #expect(PrimeGeneration.millerRabinRounds(forPrimeBitCount: 1024) == 5)
        #expect(PrimeGeneration.millerRabinRounds(forPrimeBitCount: 1536) == 4)
        #expect(PrimeGeneration.millerRabinRounds(forPrimeBitCount: 2048) == 4)
    }

    @Test func smallFactorsAreFoundAndPrimesPass() {
        // 2^127 − 1 is a Mersenne prime; times 4093 (the largest sieved prime) and times 3 it is composite.
        let mersenne127 = Nat(limbs: [UInt64.max, UInt64.max >> 1, 0])
        #expect(!PrimeGeneration.hasSmallFactor(mersenne127).isYesVarTime)
        for factor: UInt64 in [3, 5, 4093] {
            let product = mersenne127.multipliedFullWidth(by: Nat(factor, limbCount: 1)).resized(to: 3)
            #expect(PrimeGeneration.hasSmallFactor(product).isYesVarTime, "factor \(factor)")
        }
        // 4099 is the first prime beyond the sieve.
        let beyond = mersenne127.multipliedFullWidth(by: Nat(4099, limbCount: 1)).resized(to: 3)
        #expect(!PrimeGeneration.hasSmallFactor(beyond).isYesVarTime)
    }

    @Test func millerRabinAcceptsPrimesAndRejectsCompositesAndCarmichaelNumbers() {
        let mersenne127 = Nat(limbs: [UInt64.max, UInt64.max >> 1])
        #expect(PrimeGeneration.isProbablePrimeVarTime(mersenne127, rounds: 5))
        // 2^61 − 1 prime; 2^67 − 1 = 193707721 · 761838257287 composite; 561 and 41041 are Carmichael numbers.
        #expect(PrimeGeneration.isProbablePrimeVarTime(Nat(limbs: [(1 << 61) - 1]), rounds: 5))
        #expect(!PrimeGeneration.isProbablePrimeVarTime(Nat(limbs: [UInt64.max, 0b111]), rounds: 5))
        #expect(!PrimeGeneration.isProbablePrimeVarTime(Nat(limbs: [561]), rounds: 5))
        #expect(!PrimeGeneration.isProbablePrimeVarTime(Nat(limbs: [41041]), rounds: 5))
        // A product of two primes near 2^64 (18446744073709551557 · 18446744073709551533).
        let semiprime = Nat(limbs: [18_446_744_073_709_551_557]).multipliedFullWidth(
            by: Nat(limbs: [18_446_744_073_709_551_533]))
        #expect(!PrimeGeneration.isProbablePrimeVarTime(semiprime, rounds: 5))
    }

    @Test func randomPrimeHasExactlyTheRequestedBitsWithTheTopTwoSet() {
        let prime = PrimeGeneration.randomPrimeVarTime(bitCount: 256)
        #expect(prime.bitLengthVarTime() == 256)
        #expect(prime.bitVarTime(254) == 1)
        #expect(PrimeGeneration.isProbablePrimeVarTime(prime, rounds: 20))
        let odd = PrimeGeneration.randomPrimeVarTime(bitCount: 200)
        #expect(odd.bitLengthVarTime() == 200 && odd.bitVarTime(198) == 1)
    }
}
