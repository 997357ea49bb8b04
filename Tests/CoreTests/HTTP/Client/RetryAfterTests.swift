import Foundation
import Testing

@testable import Core

@Suite struct RetryAfterTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date.
    let example = Date(timeIntervalSince1970: 784_111_777)

    @Test func delaySecondsAreTakenAsTheyAre() {
        #expect(RetryAfter.delay("3", now: example) == .seconds(3))
        #expect(RetryAfter.delay(" 120 ", now: example) == .seconds(120))
        #expect(RetryAfter.delay("0", now: example) == .zero)
    }

    @Test func theThreeFormsOfAnHTTPDateAreRead() {
        let tenSecondsEarlier = example.addingTimeInterval(-10)
        for form in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            #expect(RetryAfter.delay(form, now: tenSecondsEarlier) == .seconds(10), "\(form)")
        }
    }

    @Test func aDateInThePastMeansNoWait() {
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:49:37 GMT", now: example.addingTimeInterval(60)) == .zero)
    }

    @Test func absentOrUnreadableValuesAreNoAnswer() {
        for value in [nil, "", "soon", "-3", "3.5", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 06 Nov 1994 25:49:37 GMT"] as [String?] {
            #expect(RetryAfter.delay(value, now: example) == nil, "\(value ?? "nil")")
        }
    }

    @Test func aVeryLongWaitIsCutToTheMaximum() {
        #expect(RetryAfter.delay("86400", now: example) == .seconds(3600))
        #expect(RetryAfter.delay("99999999999999999999999", now: example) == .seconds(3600))
        #expect(RetryAfter.delay("Fri, 31 Dec 9999 23:59:59 GMT", now: example, maximum: .seconds(5)) == .seconds(5))
    }

    @Test func ourOwnRetryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        #expect(RetryAfter.seconds(.milliseconds(1)) == 1)
        #expect(RetryAfter.seconds(.milliseconds(2100)) == 3)
        #expect(RetryAfter.seconds(.seconds(3)) == 3)
        #expect(RetryAfter.seconds(.zero) == 1)
    }
}
