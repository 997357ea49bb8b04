import Testing

@testable import Core

@Suite struct RecentTokenKeysTests {
    private static let jwt = "eyJhbGciOiJSUzI1NiJ9." + String(repeating: "eyJzdWIiOiIxMjMifQ", count: 35) + ".c2ln"

    @Test func aRepeatedTokenGetsTheKeyTheFunctionGives() {
        let (first, second, remembered) = onNewThread {
            let first = RecentTokenKeys.key(for: Self.jwt[...])
            return (first, RecentTokenKeys.key(for: Self.jwt[...]), RecentTokenKeys.isRemembered(Self.jwt))
        }
        #expect(first == TokenCacheKey(token: Self.jwt))
        #expect(second == TokenCacheKey(token: Self.jwt))
        #expect(remembered)
    }

    @Test func tokensOfOneLengthThatDifferInOneByteKeepTheirOwnKeys() {
        // The same length, so each is compared byte for byte with the others: at the start, in a whole word in
        // the middle, in the tail after the last whole word.
        var tokens = [Self.jwt]
        for position in [0, Self.jwt.utf8.count / 2, Self.jwt.utf8.count - 1] {
            var bytes = Array(Self.jwt.utf8)
            bytes[position] = bytes[position] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            tokens.append(String(decoding: bytes, as: UTF8.self))
        }
        let candidates = tokens
        let seen = onNewThread {
            // Twice round, so that the second round answers from the memo.
            (0..<2).flatMap { _ in candidates.map { RecentTokenKeys.key(for: $0[...]) } }
        }
        let expected = tokens.map { TokenCacheKey(token: $0) }
        #expect(Set(expected).count == tokens.count)
        #expect(seen == expected + expected)
    }

    @Test func aNewTokenReplacesTheOldestOnceTheMemoIsFull() {
        let tokens = (0...RecentTokenKeys.entriesPerThread).map { "token-\($0)" }
        let (keys, remembered) = onNewThread {
            let keys = tokens.map { RecentTokenKeys.key(for: $0[...]) }
            return (keys, tokens.map(RecentTokenKeys.isRemembered))
        }
        #expect(keys == tokens.map { TokenCacheKey(token: $0) })
        #expect(remembered == [false] + Array(repeating: true, count: RecentTokenKeys.entriesPerThread))
    }

    @Test func aTokenLongerThanTheLimitIsHashedEachTimeAndNotKept() {
        let long = String(repeating: "a", count: RecentTokenKeys.maximumTokenLength + 1)
        let longest = String(repeating: "b", count: RecentTokenKeys.maximumTokenLength)
        let (keys, remembered) = onNewThread {
            ([RecentTokenKeys.key(for: long[...]), RecentTokenKeys.key(for: longest[...])],
                [RecentTokenKeys.isRemembered(long), RecentTokenKeys.isRemembered(longest)])
        }
        #expect(keys == [TokenCacheKey(token: long), TokenCacheKey(token: longest)])
        #expect(remembered == [false, true])
    }

    @Test func aSliceOfAHeaderIsRememberedAsTheTokenAlone() {
        let header = "Bearer " + Self.jwt
        let slice = header.dropFirst(7)
        let (key, remembered) = onNewThread { (RecentTokenKeys.key(for: slice), RecentTokenKeys.isRemembered(Self.jwt)) }
        #expect(key == TokenCacheKey(token: Self.jwt))
        #expect(remembered)
    }

    @Test func eachThreadHasItsOwnMemo() {
        let seenByFirst = onNewThread {
            _ = RecentTokenKeys.key(for: Self.jwt[...])
            return RecentTokenKeys.isRemembered(Self.jwt)
        }
        let seenByOther = onNewThread { RecentTokenKeys.isRemembered(Self.jwt) }
        #expect(seenByFirst)
        #expect(!seenByOther)
    }
}
