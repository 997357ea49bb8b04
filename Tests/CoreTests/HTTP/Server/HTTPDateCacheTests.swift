import Testing

@testable import Core

@Suite struct HTTPDateCacheTests {
    /// The example of RFC 9110 §5.6.7.
    @Test func formatsIMFFixdate() {
        #expect(String(decoding: HTTPDateCache.format(784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(String(decoding: HTTPDateCache.format(0), as: UTF8.self) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(String(decoding: HTTPDateCache.format(4_102_444_799), as: UTF8.self) == "Thu, 31 Dec 2099 23:59:59 GMT")
    }

    @Test func reformatsOnlyWhenTheSecondChanges() {
        var cache = HTTPDateCache()
        cache.update(now: 0)
        let first = cache.bytes
        cache.update(now: 0)
        #expect(cache.bytes == first)
        cache.update(now: 1)
        #expect(String(decoding: cache.bytes, as: UTF8.self) == "Thu, 01 Jan 1970 00:00:01 GMT")
    }
}
