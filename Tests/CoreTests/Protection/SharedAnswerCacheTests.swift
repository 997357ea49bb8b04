import Foundation
import Testing

@testable import Core

/// What a shared cache keeps of an answer, and how it reads back what it (or anything else) wrote.
@Suite struct SharedAnswerCacheTests {
    @Test func anActiveAnswerKeepsOnlyWhatADecisionNeedsAndReadsBack() throws {
        let principal = Principal(
            subject: "286399320075272196", clientID: "billing-worker", username: "billing-worker",
            roles: ["read:messages", "write"], organizationID: "200000000000000001",
            expiresAt: Date(timeIntervalSince1970: 1_733_206_543))
        let json = SharedAnswer(.active(principal)).json
        #expect(
            String(decoding: json, as: UTF8.self)
                == #"{"active":true,"client_id":"billing-worker","exp":1733206543,"#
                + #""roles":["read:messages","write"],"sub":"286399320075272196","v":1}"#)
        let read = try #require(SharedAnswer(json: json))
        var kept = principal
        kept.username = nil
        kept.organizationID = nil
        #expect(read.result == .active(kept))
    }

    @Test func anInactiveAnswerIsKeptAsSuch() throws {
        let json = SharedAnswer(.inactive).json
        #expect(String(decoding: json, as: UTF8.self) == #"{"active":false,"v":1}"#)
        #expect(SharedAnswer(json: json)?.result == .inactive)
    }

    @Test func anotherVersionOrJunkReadsAsNoEntry() {
        for text in [#"{"active":true,"v":2}"#, #"{"active":true}"#, #"{"v":1}"#, #"{"v":1,"active":"yes"}"#,
                     #"{"v":1,"active":true,"exp":"soon"}"#, #"{"v":1,"active":true,"roles":"read"}"#, "junk", ""] {
            #expect(SharedAnswer(json: Array(text.utf8)) == nil, "\(text)")
        }
    }
}
