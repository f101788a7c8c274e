import TestSupport
import Testing

@testable import ScreenKit

@Suite struct ScatterPlotTests {
    func plot(_ points: [ScatterPlot.Point]) -> ScatterPlot {
        ScatterPlot(
            points: points, xRange: 1...7, yRange: 1...7, xCut: 4, yCut: 4, xLabel: "anxiety", yLabel: "avoidance",
            title: "ECR-RS")
    }

    @Test func snapshot() throws {
        let points = [
            ScatterPlot.Point(x: 5.5, y: 2.0), .init(x: 5.0, y: 2.5), .init(x: 4.6, y: 2.2), .init(x: 3.2, y: 2.0),
        ]
        var s = Screen(width: 40, height: 14)
        plot(points).render(into: &s, in: s.bounds)
        try Snapshot.assert(s, named: "scatter-ecr")
    }

    @Test func coversItsRectAndMarksTheNewest() {
        var s = Screen(width: 34, height: 14, fill: Cell("·"))
        let rect = Rect(x: 2, y: 1, width: 30, height: 12)
        plot([.init(x: 1, y: 1), .init(x: 7, y: 7), .init(x: .nan, y: 3)]).render(into: &s, in: rect)
        for y in 0..<s.height {
            for x in 0..<s.width {
                #expect(rect.contains(x: x, y: y) == (s[x, y].text != "·"), "(\(x),\(y))")
            }
        }
        let text = s.textSnapshot()
        #expect(text.filter { $0 == "◉" }.count == 2)  // newest point + legend
        #expect(text.contains("↑ avoidance"))
        #expect(text.contains("anxiety →"))
    }

    @Test func emptyAndTiny() {
        var s = Screen(width: 8, height: 3)
        plot([]).render(into: &s, in: s.bounds)
        #expect(s.textSnapshot(trimTrailing: true) == "plot to…\n\n")
        var t = Screen(width: 30, height: 10)
        plot([]).render(into: &t, in: t.bounds)
        #expect(!t.textSnapshot().contains("◉"))
    }
}
