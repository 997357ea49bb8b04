import Testing
@testable import Core

@Suite struct ChoiceTests {
    @Test func equalityMaskIsAllOnesOrZero() {
        for (x, y) in [(UInt64(0), UInt64(0)), (1, 1), (.max, .max), (0, 1), (1 << 63, 0), (.max, .max - 1)] {
            let choice = Choice.ctEq(x, y)
            #expect(choice.mask == (x == y ? .max : 0), "\(x) \(y)")
        }
        #expect(Choice.ctIsZero(0) == .yes && Choice.ctIsZero(1 << 40) == .no)
    }

    @Test func logicAndSelection() {
        #expect((!Choice.yes) == .no && (Choice.yes & .no) == .no && (Choice.yes | .no) == .yes)
        #expect(Choice(bit: 1) == .yes && Choice(bit: 0) == .no && Choice.yes.bit == 1)
        #expect(Choice.yes.select(7, 9) == 7 && Choice.no.select(7, 9) == 9)
    }
}
