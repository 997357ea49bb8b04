import Foundation
import Testing

@testable import Core

@Suite struct ClientRateLimitTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aClientMayCauseABurstThenTheRate() {
        let budget = ClientRateLimit(rate: 10, burst: 20, maximumClients: 100)
        let client = ClientKey("203.0.113.7")
        for call in 0..<20 { #expect(budget.take(client, now: start) == nil, "call \(call)") }
        let wait = budget.take(client, now: start)
        #expect(wait == .milliseconds(100))
        // A tenth of a second later one more call is allowed, and no more.
        #expect(budget.take(client, now: start.addingTimeInterval(0.1)) == nil)
        #expect(budget.take(client, now: start.addingTimeInterval(0.1)) != nil)
    }

    @Test func theBucketRefillsButNeverPastTheBurst() {
        let budget = ClientRateLimit(rate: 10, burst: 20, maximumClients: 100)
        let client = ClientKey("203.0.113.7")
        for _ in 0..<20 { _ = budget.take(client, now: start) }
        let later = start.addingTimeInterval(3600)
        for call in 0..<20 { #expect(budget.take(client, now: later) == nil, "call \(call)") }
        #expect(budget.take(client, now: later) != nil)
    }

    @Test func clientsHaveBudgetsOfTheirOwn() {
        let budget = ClientRateLimit(rate: 1, burst: 1, maximumClients: 100)
        #expect(budget.take(ClientKey("203.0.113.7"), now: start) == nil)
        #expect(budget.take(ClientKey("203.0.113.7"), now: start) != nil)
        #expect(budget.take(ClientKey("203.0.113.8"), now: start) == nil)
    }

    @Test func anIPv6ClientIsCountedByItsSlash64() {
        let budget = ClientRateLimit(rate: 1, burst: 1, maximumClients: 100)
        #expect(budget.take(ClientKey("2001:db8:1:2::1"), now: start) == nil)
        #expect(budget.take(ClientKey("2001:db8:1:2:ffff::9"), now: start) != nil)
        #expect(budget.take(ClientKey("2001:db8:1:3::1"), now: start) == nil)
        #expect(ClientKey("2001:db8:1:2:abcd::1").text == "2001:db8:1:2::/64")
        #expect(ClientKey("::ffff:192.0.2.1").text == "192.0.2.1")
        #expect(ClientKey("192.0.2.1").text == "192.0.2.1")
    }

    @Test func theTableOfClientsStaysBounded() {
        let budget = ClientRateLimit(rate: 1, burst: 5, maximumClients: 1_000)
        for index in 0..<10_000 {
            let address = "10.\(index / 65536).\((index / 256) % 256).\(index % 256)"
            _ = budget.take(ClientKey(address), now: start.addingTimeInterval(Double(index) / 1000))
            #expect(budget.trackedClients <= 1_000)
        }
        // The newest clients are still tracked: one that just spent its burst is still limited.
        let last = ClientKey("10.0.39.15")
        for _ in 0..<4 { _ = budget.take(last, now: start.addingTimeInterval(10)) }
        #expect(budget.take(last, now: start.addingTimeInterval(10)) != nil)
    }
}
