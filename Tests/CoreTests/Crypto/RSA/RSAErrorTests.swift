import Testing
@testable import Core

@Suite struct RSAErrorTests {
    @Test func everyErrorSaysWhatToDo() {
        let errors: [RSAError] = [
            .keyTooSmall(bitCount: 1024), .keyTooLarge(bitCount: 20000), .invalidModulus, .invalidPublicExponent,
            .invalidPrime, .modulusMismatch, .privateExponentMismatch, .exponent1Mismatch, .exponent2Mismatch,
            .coefficientMismatch, .invalidDigestLength(20), .unsupportedKeySize(bitCount: 1000), .faultDetected,
        ]
        #expect(Set(errors.map(\.description)).count == errors.count)
        for error in errors {
            #expect(error.description.count > 40, "\(error)")
        }
        #expect(RSAError.keyTooSmall(bitCount: 1024).description.contains("1024-bit"))
        #expect(RSAError.invalidDigestLength(20).description.contains("got 20"))
    }
}
