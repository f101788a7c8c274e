import ScreenKit
import Testing

@testable import Formats

@Suite struct SeriesCSVTests {
    @Test func basic() throws {
        let t = try SeriesCSV.parse("session,goal,task\n1,2.5,3\n2,,4\n")
        #expect(t.names == ["goal", "task"])
        #expect(t.firstSession == 1)
        #expect(t.values == [[2.5, nil], [3, 4]])
        #expect(t.valueRange == 2.5...4)
    }

    @Test func crlfBomQuotedHeaderAndBlankLines() throws {
        let text = "\u{FEFF}\"session\",\"goal, client\",\"say \"\"hi\"\"\"\r\n\r\n3, 1 ,2\r\n4,5,\r\n\r\n"
        let t = try SeriesCSV.parse(text)
        #expect(t.names == ["goal, client", "say \"hi\""])
        #expect(t.firstSession == 3)
        #expect(t.values == [[1, 5], [2, nil]])
    }

    @Test func unorderedRowsAndMissingSessions() throws {
        let t = try SeriesCSV.parse("session,x\n5,1\n2,2\n")
        #expect(t.firstSession == 2)
        #expect(t.values == [[2, nil, nil, 1]])
        #expect(t.chartSeries == [ChartSeries(name: "x", values: [2, nil, nil, 1])])
    }

    @Test(arguments: [
        ("", SeriesCSVError.empty),
        ("\n\n", .empty),
        ("session\n1\n", .badHeader(line: 1, reason: "needs a session column and at least one series column")),
        ("session,a,\n1,2,3\n", .badHeader(line: 1, reason: "a series column has no name")),
        ("session,a,a\n1,2,3\n", .badHeader(line: 1, reason: "series name 'a' appears twice")),
        ("session,a\n", .noDataRows),
        ("session,a\n1,2\n2,3,4\n", .wrongFieldCount(line: 3, expected: 2, found: 3)),
        ("session,a\n1,2\n\nx,3\n", .badSession(line: 4, text: "x")),
        ("session,a\n1.5,2\n", .badSession(line: 2, text: "1.5")),
        ("session,a\n1,two\n", .badValue(line: 2, column: "a", text: "two")),
        ("session,a\n1,nan\n", .badValue(line: 2, column: "a", text: "nan")),
        ("session,a\n1,2\n1,3\n", .duplicateSession(line: 3, session: 1, firstLine: 2)),
        ("session,a\n1,2\n9999999,3\n", .sessionSpanTooLarge(first: 1, last: 9_999_999)),
        ("session,a\n1,\"2\n", .unterminatedQuote(line: 2)),
        ("session,a\n1,2\"x\"\n", .badQuote(line: 2)),
        ("session,a\n1,\"2\"x\n", .badQuote(line: 2)),
    ])
    func malformed(text: String, error: SeriesCSVError) {
        #expect(throws: error) { try SeriesCSV.parse(text) }
    }

    @Test func numberFormsMatchStandardParsing() throws {
        let texts = ["2.91", "+2.5", "-0.5", ".5", "5.", "1e0", "3.0", "0.1", "4.35", "123456789012345678", "  7 "]
        let csv =
            "session," + texts.indices.map { "c\($0)" }.joined(separator: ",") + "\n1," + texts.joined(separator: ",")
        let t = try SeriesCSV.parse(csv)
        for (k, text) in texts.enumerated() {
            let expected = Double(text.trimmingCharacters(in: " "))
            #expect(t.values[k] == [expected], "\(text)")
        }
        #expect(throws: SeriesCSVError.badValue(line: 2, column: "a", text: "1.2.3")) {
            try SeriesCSV.parse("session,a\n1,1.2.3\n")
        }
        #expect(throws: SeriesCSVError.badValue(line: 2, column: "a", text: ".")) {
            try SeriesCSV.parse("session,a\n1,.\n")
        }
    }

    @Test func spacesAroundQuotedFieldsAndLoneCR() throws {
        let t = try SeriesCSV.parse("session, \"a b\" \r1,2\r2, \"3\" \r")
        #expect(t.names == ["a b"])
        #expect(t.values == [[2, 3]])
    }

    @Test func errorMessagesNameTheLine() {
        let e = SeriesCSVError.badValue(line: 7, column: "bond", text: "high")
        #expect(e.description == "line 7: value 'high' in column 'bond' is not a number")
        #expect(e.line == 7)
        #expect(SeriesCSVError.noDataRows.line == nil)
    }
}

extension String {
    /// The string without the given characters at either end (test helper, no Foundation).
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
