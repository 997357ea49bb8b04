import Core
import Testing
@testable import LocalZitadelKit

@Suite struct RandomTextTests {
    @Test func shapesMatchZitadels() throws {
        let secret = RandomText.secret()
        #expect(secret.count == 64)
        let alphanumeric = secret.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)
        }
        #expect(alphanumeric)
        let id = RandomText.numericID()
        #expect(id.count == 18)
        #expect(id.allSatisfy { $0.isNumber })
        let tokenBytes = try Base64URL.decode(RandomText.token())
        #expect(tokenBytes.count == 48)
        let tokenID = RandomText.tokenID()
        #expect(tokenID.hasPrefix("V2_"))
        #expect(tokenID.contains("-at_"))
    }

    @Test func valuesDoNotRepeat() throws {
        #expect(Set((0..<200).map { _ in RandomText.token() }).count == 200)
        #expect(Set((0..<200).map { _ in RandomText.secret() }).count == 200)
    }
}
