import Testing

@testable import Core

@Suite struct HTTPHeadersTests {
    @Test func looksNamesUpCaseInsensitively() {
        let headers: HTTPHeaders = ["Content-Type": "application/json", "X-A": "1"]
        #expect(headers["content-type"] == "application/json")
        #expect(headers["CONTENT-TYPE"] == "application/json")
        #expect(headers["x-b"] == nil)
        #expect(headers.contains("x-a"))
    }

    @Test func keepsOrderAndRepetition() {
        var headers = HTTPHeaders()
        headers.add("Set-Cookie", "a=1")
        headers.add("Other", "x")
        headers.add("set-cookie", "b=2")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["Set-Cookie"] == "a=1")
        #expect(headers.map(\.name) == ["Set-Cookie", "Other", "set-cookie"])
    }

    @Test func setReplacesEveryFieldOfThatNameInPlace() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3")])
        headers.set("a", "9")
        #expect(headers.map(\.name) == ["A", "B"])
        #expect(headers["A"] == "9")
        headers["b"] = nil
        #expect(headers.count == 1)
        headers["C"] = "new"
        #expect(headers.values(for: "c") == ["new"])
        headers.remove("a")
        headers.remove("c")
        #expect(headers.isEmpty)
    }

    @Test func comparesOnlyAsciiLettersCaseInsensitively() {
        #expect(HTTPHeaders.namesEqual("X-Ab", "x-aB"))
        #expect(!HTTPHeaders.namesEqual("X-[", "x-{"))  // '[' | 0x20 == '{' must not count
        #expect(!HTTPHeaders.namesEqual("abc", "abcd"))
        #expect(HTTPHeaders([("A", "1")]) == HTTPHeaders([("a", "1")]))
    }
}
