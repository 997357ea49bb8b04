import Testing

@testable import Core

@Suite struct IntrospectionSlotsTests {
    @Test func atMostTheLimitAreTakenAtOnce() async {
        let slots = IntrospectionSlots(limit: 2)
        #expect(await slots.acquire(within: .zero))
        #expect(await slots.acquire(within: .zero))
        #expect(await !slots.acquire(within: .zero))
        slots.release()
        #expect(await slots.acquire(within: .zero))
    }

    @Test func aWaiterGetsTheSlotThatIsReleased() async {
        let slots = IntrospectionSlots(limit: 1)
        #expect(await slots.acquire(within: .zero))
        async let waiter = slots.acquire(within: .seconds(30))
        try? await Task.sleep(for: .milliseconds(50))
        slots.release()
        #expect(await waiter)
        #expect(slots.available == 0)
        slots.release()
        #expect(slots.available == 1)
    }

    @Test func aWaiterGivesUpAfterItsPatienceAndTheSlotsAreIntact() async {
        let slots = IntrospectionSlots(limit: 1)
        #expect(await slots.acquire(within: .zero))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await !slots.acquire(within: .milliseconds(100)))
        #expect(clock.now - start >= .milliseconds(100))
        slots.release()
        #expect(slots.available == 1)
    }
}
