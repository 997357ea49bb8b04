import Foundation
import Testing
@testable import LocalZitadelKit

@Suite struct InstanceClockTests {
    @Test func offsetShiftsTheSystemClock() throws {
        let behind = InstanceClock(offsetSeconds: -7200).nowSeconds()
        let system = Int(Date().timeIntervalSince1970)
        #expect(abs(system - 7200 - behind) <= 1)
        let ahead = InstanceClock(offsetSeconds: 60).nowSeconds()
        #expect(abs(Int(Date().timeIntervalSince1970) + 60 - ahead) <= 1)
    }

    @Test func injectedClockIsReadAsWholeSeconds() throws {
        let clock = InstanceClock { Date(timeIntervalSince1970: 1_733_163_343.9) }
        #expect(clock.nowSeconds() == 1_733_163_343)
    }
}
