import Testing

@testable import Core

@Suite struct TrustedProxiesTests {
    @Test func addressesAndRangesOfBothFamiliesAreRead() throws {
        let proxies = try #require(TrustedProxies("10.0.0.0/8, 192.168.1.7 ::1,fd00::/8"))
        #expect(proxies.trusts("10.1.2.3"))
        #expect(proxies.trusts("192.168.1.7"))
        #expect(!proxies.trusts("192.168.1.8"))
        #expect(proxies.trusts("::1"))
        #expect(proxies.trusts("fd12:3456::1"))
        #expect(!proxies.trusts("fe80::1"))
        #expect(!proxies.trusts("11.0.0.1"))
        #expect(!proxies.trusts("not an address"))
    }

    @Test func aListWithSomethingElseIsRefused() {
        for list in ["10.0.0.0/33", "proxy.example", "10.0.0.1/x", "::1/129"] {
            #expect(TrustedProxies(list) == nil, "\(list)")
        }
        #expect(TrustedProxies("")?.trusts("127.0.0.1") == false)
    }

    @Test func anUntrustedPeerIsTheClientWhateverItClaims() throws {
        let proxies = try #require(TrustedProxies("10.0.0.1"))
        #expect(proxies.client(peer: "203.0.113.7", forwarded: ["for=198.51.100.1"], xForwardedFor: ["1.2.3.4"])
            == "203.0.113.7")
        #expect(TrustedProxies.none.client(peer: "10.0.0.1", forwarded: [], xForwardedFor: ["1.2.3.4"]) == "10.0.0.1")
    }

    @Test func behindATrustedProxyTheNearestUntrustedAddressIsTheClient() throws {
        let proxies = try #require(TrustedProxies("10.0.0.0/8"))
        // The client may prepend anything; only what the trusted proxies appended counts.
        #expect(proxies.client(peer: "10.0.0.1", forwarded: [], xForwardedFor: ["6.6.6.6, 203.0.113.7, 10.0.0.2"])
            == "203.0.113.7")
        #expect(proxies.client(peer: "10.0.0.1", forwarded: [], xForwardedFor: ["6.6.6.6", "203.0.113.7"])
            == "203.0.113.7")
        #expect(proxies.client(peer: "10.0.0.1", forwarded: [], xForwardedFor: ["10.0.0.3, 10.0.0.2"]) == "10.0.0.3")
        #expect(proxies.client(peer: "10.0.0.1", forwarded: [], xForwardedFor: []) == "10.0.0.1")
        #expect(proxies.client(peer: "10.0.0.1", forwarded: [], xForwardedFor: ["garbage"]) == "10.0.0.1")
    }

    @Test func forwardedIsPreferredAndItsForms() throws {
        let proxies = try #require(TrustedProxies("10.0.0.0/8"))
        #expect(proxies.client(
            peer: "10.0.0.1", forwarded: [#"for=192.0.2.60;proto=http;by=203.0.113.43"#], xForwardedFor: ["6.6.6.6"])
            == "192.0.2.60")
        #expect(proxies.client(peer: "10.0.0.1", forwarded: [#"for="[2001:db8:cafe::17]:4711""#], xForwardedFor: [])
            == "2001:db8:cafe::17")
        #expect(proxies.client(peer: "10.0.0.1", forwarded: ["For=192.0.2.43:8080, for=10.0.0.9"], xForwardedFor: [])
            == "192.0.2.43")
        // An obfuscated or unknown hop: nothing before it can be believed.
        #expect(proxies.client(peer: "10.0.0.1", forwarded: ["for=6.6.6.6, for=unknown, for=10.0.0.9"], xForwardedFor: [])
            == "10.0.0.9")
    }
}
