import Testing

@testable import Core

@Suite struct ConnectionBudgetTests {
    @Test func handsOutSlotsUpToTheLimitWithIncreasingTickets() {
        let budget = ConnectionBudget(limit: 2)
        let first = budget.tryAcquire()
        let second = budget.tryAcquire()
        #expect(first != nil && second != nil && first != second)
        #expect(budget.tryAcquire() == nil)
        budget.release()
        #expect(budget.count == 1)
        let third = budget.tryAcquire()
        #expect(third != nil && third! > second!)
    }
}
