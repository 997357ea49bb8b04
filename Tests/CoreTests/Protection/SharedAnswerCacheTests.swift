import Foundation
import Testing

@testable import Core

/// What a shared cache keeps of an answer, and how it reads back what it (or anything else) wrote.
@Suite struct SharedAnswerCacheTests {
    private let until = Date(timeIntervalSince1970: 1_733_203_000)

    @Test func anActiveAnswerKeepsOnlyWhatADecisionNeedsAndReadsBack() throws {
        let principal = Principal(
            subject: "286399320075272196", clientID: "billing-worker", username: "billing-worker",
            roles: ["read:messages", "write"], organizationID: "200000000000000001",
            expiresAt: Date(timeIntervalSince1970: 1_733_206_543))
        let json = SharedAnswer(.active(principal), servedUntil: until).json
        #expect(
            String(decoding: json, as: UTF8.self)
                == #"{"active":true,"client_id":"billing-worker","exp":1733206543,"#
                + #""roles":["read:messages","write"],"sub":"286399320075272196","until":1733203000,"v":1}"#)
        let read = try #require(SharedAnswer(json: json))
        var kept = principal
        kept.username = nil
        kept.organizationID = nil
        #expect(read.result == .active(kept))
        #expect(read.servedUntil == until)
    }

    @Test func anInactiveAnswerIsKeptAsSuch() throws {
        let json = SharedAnswer(.inactive, servedUntil: until).json
        #expect(String(decoding: json, as: UTF8.self) == #"{"active":false,"until":1733203000,"v":1}"#)
        #expect(SharedAnswer(json: json)?.result == .inactive)
    }

    @Test func anotherVersionOrJunkReadsAsNoEntry() {
        for text in [
            #"{"active":true,"until":1,"v":2}"#, #"{"active":true,"until":1}"#, #"{"v":1,"until":1}"#,
            #"{"v":1,"active":true}"#, #"{"v":1,"active":"yes","until":1}"#,
            #"{"v":1,"active":true,"until":1,"exp":"soon"}"#, #"{"v":1,"active":true,"until":1,"roles":"read"}"#,
            "junk", "",
        ] {
            #expect(SharedAnswer(json: Array(text.utf8)) == nil, "\(text)")
        }
    }

    /// A forged or broken entry with times far away: refused, never turned into a Duration that overflows.
    @Test func timesOutsideTheYears1970To9999ReadAsNoEntry() {
        for text in [
            #"{"v":1,"active":true,"until":1,"exp":1e20}"#, #"{"v":1,"active":true,"until":1e20}"#,
            #"{"v":1,"active":false,"until":-5}"#, #"{"v":1,"active":true,"until":1,"exp":-1}"#,
        ] {
            #expect(SharedAnswer(json: Array(text.utf8)) == nil, "\(text)")
        }
    }
}
