import Testing

@testable import Core

@Suite struct ConnectionBudgetTests {
    @Test func handsOutSlotsUpToTheLimitWithIncreasingTickets() {
        let budget = ConnectionBudget(limit: 2, perAddressLimit: 10)
        guard case .granted(let first) = budget.tryAcquire(address: "10.0.0.1"),
            case .granted(let second) = budget.tryAcquire(address: "10.0.0.2")
        else {
            Issue.record("expected two slots")
            return
        }
        #expect(first != second)
        #expect(budget.tryAcquire(address: "10.0.0.3") == .serverFull)
        budget.release(address: "10.0.0.1")
        #expect(budget.count == 1)
        guard case .granted(let third) = budget.tryAcquire(address: nil) else {
            Issue.record("expected a slot")
            return
        }
        #expect(third > second)
    }

    @Test func oneAddressMayHoldOnlyItsShare() {
        let budget = ConnectionBudget(limit: 100, perAddressLimit: 2)
        #expect(budget.tryAcquire(address: "10.0.0.1") != .addressFull)
        #expect(budget.tryAcquire(address: "10.0.0.1") != .addressFull)
        #expect(budget.tryAcquire(address: "10.0.0.1") == .addressFull)
        #expect(budget.tryAcquire(address: "10.0.0.2") != .addressFull)
        budget.release(address: "10.0.0.1")
        #expect(budget.tryAcquire(address: "10.0.0.1") != .addressFull)
        #expect(budget.count == 3)
    }

    @Test func aTransferredSlotChangesHandsWithoutChangingTheCount() {
        let budget = ConnectionBudget(limit: 1, perAddressLimit: 1)
        _ = budget.tryAcquire(address: "10.0.0.1")
        #expect(budget.tryAcquire(address: "10.0.0.2") == .serverFull)
        budget.transfer(from: "10.0.0.1", to: "10.0.0.2")
        #expect(budget.count == 1)
        #expect(budget.count(from: "10.0.0.1") == 0)
        #expect(budget.count(from: "10.0.0.2") == 1)
        #expect(budget.tryAcquire(address: "10.0.0.2") == .addressFull)
    }
}
