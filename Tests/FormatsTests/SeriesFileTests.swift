import Formats
import Foundation
import ScreenKit
import TestSupport
import Testing

/// Reading a series CSV file and drawing it as `rapport chart --csv` does, without the CLI.
@Suite("Series file and chart")
struct SeriesFileTests {
    static let csv = "session,goal,task\n1,2.5,3\n2,,3.5\n3,4,4.5\n"

    @Test func readsAFile() throws {
        let dir = try TemporaryDirectory("rapport-series")
        defer { dir.remove() }
        let path = dir.appending("s.csv")
        try Data(Self.csv.utf8).write(to: URL(fileURLWithPath: path))
        let table = try SeriesFile.load(path)
        #expect(table == (try SeriesCSV.parse(Self.csv)))
        #expect(table.names == ["goal", "task"])
        #expect(table.values[0] == [2.5, nil, 4])
    }

    @Test func readsABiggerFileThanOneRead() throws {
        let dir = try TemporaryDirectory("rapport-series")
        defer { dir.remove() }
        let path = dir.appending("big.csv")
        var text = "session,a\n"
        for i in 1...20_000 { text += "\(i),\(Double(i % 7) / 2)\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try SeriesFile.bytes(path) == Array(text.utf8))
        #expect(try SeriesFile.load(path).sessionCount == 20_000)
    }

    @Test func problemsNameThePathAndSayWhetherTheInputIsMissing() throws {
        let dir = try TemporaryDirectory("rapport-series")
        defer { dir.remove() }
        let bad = dir.appending("bad.csv")
        try Data("session,a\n1,2\n2,x\n".utf8).write(to: URL(fileURLWithPath: bad))
        let binary = dir.appending("bin.csv")
        try Data([0x73, 0x2C, 0x61, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: binary))
        let none = dir.appending("none.csv")
        let cases: [(String, SeriesFileError, Bool, String)] = [
            (bad, .malformed(path: bad, .badValue(line: 3, column: "a", text: "x")), false, "\(bad): line 3: "),
            (binary, .notUTF8(path: binary), false, "\(binary): not UTF-8 text"),
            (none, .notFound(path: none), true, "\(none): no such file"),
            (dir.path, .isDirectory(path: dir.path), true, "\(dir.path): is a directory"),
        ]
        for (path, expected, missing, text) in cases {
            #expect(throws: expected) { try SeriesFile.load(path) }
            #expect(expected.isMissingInput == missing)
            #expect(expected.description.hasPrefix(text), "\(expected.description)")
            #expect(expected.path == path)
        }
        let denied = SeriesFileError.unreadable(path: "x.csv", errno: EACCES)
        #expect(denied.description == "x.csv: Permission denied" && denied.isMissingInput)
    }

    @Test func yRangeFromOptionsElseTheDataRoundedOut() {
        #expect(SeriesChart.yRange(data: 1.2...4.5, yMin: nil, yMax: nil) == 1...5)
        #expect(SeriesChart.yRange(data: 1.2...4.5, yMin: 0, yMax: nil) == 0...5)
        #expect(SeriesChart.yRange(data: 1.2...4.5, yMin: nil, yMax: 7) == 1...7)
        #expect(SeriesChart.yRange(data: nil, yMin: nil, yMax: nil) == 0...1)
        // Never empty: a flat series, or a minimum above the data.
        #expect(SeriesChart.yRange(data: 3...3, yMin: nil, yMax: nil) == 2...3)
        #expect(SeriesChart.yRange(data: 1...2, yMin: 5, yMax: nil) == 5...6)
    }

    @Test func textIsTheChartWithItsSentenceUnder() throws {
        let table = try SeriesCSV.parse(Self.csv)
        let chart = SeriesChart(table, options: .init(yMin: 1, yMax: 5, width: 50, height: 12, title: "Alliance"))
        let lines = chart.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 12)
        #expect(lines.allSatisfy { TextWidth.displayWidth(String($0)) <= 50 })
        #expect(lines[0].contains("Alliance"))
        #expect(!chart.text.contains("\u{1B}["))
        let sentence = chart.sentence(span: 1...5)
        #expect(!sentence.isEmpty)
        // The sentence, wrapped, is the last text of the chart.
        let words = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(words(chart.text).hasSuffix(words(sentence)), "\(chart.text)")
        #expect(chart.lineChart.yRange == 1...5)
        #expect(chart.lineChart.firstSession == 1)
        let coloured = SeriesChart(table, options: .init(yMin: 1, yMax: 5, colorMode: .extended))
        #expect(coloured.text.contains("\u{1B}["))
    }
}
