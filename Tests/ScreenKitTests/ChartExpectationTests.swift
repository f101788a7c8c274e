import TestSupport
import Testing

@testable import ScreenKit

/// The expected course and band behind a line chart: drawn where the series is not, visible
/// without colour, named in the legend, and drawn only where it has values.
@Suite struct ChartExpectationTests {
    func isBraille(_ text: String) -> Bool {
        guard let v = text.unicodeScalars.first?.value else { return false }
        return v > 0x2800 && v <= 0x28FF
    }

    func brailleRows(_ s: Screen) -> [Int] {
        (0..<s.height).filter { y in (0..<s.width).contains { isBraille(s[$0, y].text) } }
    }

    /// A flat series at 20 (0–27), with an expected line falling from 20 to 10 and a band
    /// [0, expected + 5].
    func chart(expectation: Bool) -> LineChart {
        let n = 8
        let expected: [Double?] = (0..<n).map { 20 - 10 * Double($0) / Double(n - 1) }
        let e = ChartExpectation(
            expected: expected, low: Array(repeating: 0, count: n), high: expected.map { $0.map { $0 + 5 } },
            expectedLabel: "expected", bandLabel: "band: tier 1, rational rules (no clinic data)")
        return LineChart(
            series: [ChartSeries(name: "PHQ-9", values: Array(repeating: 20, count: n))], yRange: 0...27,
            expectation: expectation ? e : nil)
    }

    @Test("without colour the expected line and band edge add braille rows and a legend")
    func visibleWithoutColour() {
        let rect = Rect(x: 0, y: 0, width: 60, height: 16)
        var plain = Screen(size: Size(width: 60, height: 16))
        chart(expectation: false).render(into: &plain, in: rect)
        var withBand = Screen(size: Size(width: 60, height: 16))
        chart(expectation: true).render(into: &withBand, in: rect)
        #expect(brailleRows(plain).count == 1, "the flat series alone is one row")
        #expect(brailleRows(withBand).count > 3, "the falling expected line and band edge add rows")
        let text = withBand.textSnapshot()
        #expect(text.contains("┈ expected"))
        #expect(text.contains("░ band: tier 1, rational rules (no clinic data)"))
        #expect(!plain.textSnapshot().contains("expected"))
    }

    @Test("the expected line is dashed: gaps a solid line would not have")
    func dashed() {
        let n = 8
        let flat: [Double?] = Array(repeating: 10, count: n)
        let e = ChartExpectation(
            expected: flat, low: Array(repeating: nil, count: n), high: Array(repeating: nil, count: n),
            expectedLabel: "expected", bandLabel: "band")
        let c = LineChart(
            series: [ChartSeries(name: "x", values: [nil, nil, nil, nil, nil, nil, nil, 27])],
            yRange: 0...27, expectation: e, showsLegend: false)
        var s = Screen(size: Size(width: 40, height: 12))
        c.render(into: &s, in: Rect(x: 0, y: 0, width: 40, height: 12))
        // The row of the expected line: braille cells, and at least one of them not full (a gap).
        let rows = brailleRows(s).filter { y in (0..<s.width).filter { isBraille(s[$0, y].text) }.count > 10 }
        #expect(rows.count == 1)
        if let y = rows.first {
            let cells = (0..<s.width).map { s[$0, y].text }.filter(isBraille)
            #expect(cells.contains { $0 != "⠉" && $0 != "⠒" && $0 != "⠤" && $0 != "⣀" }, "dots left out: \(cells)")
        }
    }

    @Test("nothing is drawn where the expectation has no value (before the episode)")
    func onlyWhereDefined() {
        let n = 10
        var expected = [Double?](repeating: nil, count: n)
        for i in 5..<n { expected[i] = 5 }
        let e = ChartExpectation(
            expected: expected, low: Array(repeating: nil, count: n), high: Array(repeating: nil, count: n),
            expectedLabel: "expected", bandLabel: "band")
        let c = LineChart(
            series: [ChartSeries(name: "x", values: Array(repeating: nil, count: n))], yRange: 0...27,
            expectation: e, showsLegend: false)
        var s = Screen(size: Size(width: 42, height: 12))
        c.render(into: &s, in: Rect(x: 0, y: 0, width: 42, height: 12))
        let cells = (0..<s.height).flatMap { y in (0..<s.width).filter { isBraille(s[$0, y].text) } }
        #expect(!cells.isEmpty)
        #expect(cells.allSatisfy { $0 >= 20 }, "only the right half: \(cells)")
    }
}
