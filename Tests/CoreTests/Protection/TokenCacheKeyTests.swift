import Testing

@testable import Core

@Suite struct TokenCacheKeyTests {
    @Test func equalTokensGiveEqualKeysAndOthersDiffer() {
        #expect(TokenCacheKey(token: "t1") == TokenCacheKey(token: "t1"))
        #expect(TokenCacheKey(token: "t1") != TokenCacheKey(token: "t2"))
        #expect(TokenCacheKey(token: "t1") != TokenCacheKey(token: "t1 "))
        #expect(Set([TokenCacheKey(token: "t1"), TokenCacheKey(token: "t1"), TokenCacheKey(token: "t2")]).count == 2)
    }

    @Test func aSliceOfAHeaderGivesTheKeyOfTheTokenAlone() {
        let header = "Bearer abc.def"
        let slice = header[header.index(header.startIndex, offsetBy: 7)...]
        #expect(TokenCacheKey(token: slice) == TokenCacheKey(token: "abc.def"))
    }

    @Test func everyLengthAroundTheWordBoundariesIsDistinct() {
        // SipHash pads the last word with the length: "a" * n must differ for every n, including n = 0 and 8k.
        let keys = (0..<40).map { TokenCacheKey(token: String(repeating: "a", count: $0)) }
        #expect(Set(keys).count == 40)
    }
}
