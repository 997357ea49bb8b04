import Foundation
import Testing

@testable import Core

@Suite struct IntrospectionPauseTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aNamedWaitLastsExactlyThatLong() {
        let pause = IntrospectionPause()
        #expect(pause.remaining(at: now) == nil)
        pause.pause(for: .seconds(3), from: now)
        #expect(pause.remaining(at: now.addingTimeInterval(1)) == .seconds(2))
        #expect(pause.remaining(at: now.addingTimeInterval(3)) == nil)
    }

    @Test func withoutANamedWaitItLastsOneToTwoSeconds() {
        for _ in 0..<20 {
            let pause = IntrospectionPause()
            pause.pause(for: nil, from: now)
            let remaining = pause.remaining(at: now)
            #expect(remaining.map { $0 >= .seconds(1) && $0 <= .seconds(2) } == true, "\(String(describing: remaining))")
        }
    }

    @Test func aLaterEndWinsOverAnEarlierOne() {
        let pause = IntrospectionPause()
        pause.pause(for: .seconds(10), from: now)
        pause.pause(for: .seconds(1), from: now)
        #expect(pause.remaining(at: now) == .seconds(10))
    }
}
