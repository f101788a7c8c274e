import TestSupport
import Testing

@testable import ScreenKit

@Suite struct LineChartTests {
    static let fillMark = "·"

    /// A screen pre-filled with a marker, with the chart drawn into `rect`.
    func draw(_ chart: LineChart, screen size: Size, rect: Rect) -> Screen {
        var s = Screen(size: size, fill: Cell(Self.fillMark))
        chart.render(into: &s, in: rect)
        return s
    }

    /// True when no cell inside `rect` still shows the fill marker, and every cell outside does.
    func coversExactly(_ s: Screen, _ rect: Rect) -> Bool {
        for y in 0..<s.height {
            for x in 0..<s.width {
                let inside = rect.contains(x: x, y: y)
                if inside == (s[x, y].text == Self.fillMark) { return false }
            }
        }
        return true
    }

    func isBraille(_ text: String) -> Bool {
        guard let v = text.unicodeScalars.first?.value else { return false }
        return v > 0x2800 && v <= 0x28FF
    }

    func brailleCells(_ s: Screen, row: Int) -> [Int] {
        (0..<s.width).filter { isBraille(s[$0, row].text) }
    }

    @Test func onePoint() {
        let chart = LineChart(series: [ChartSeries(name: "bond", values: [3])], yRange: 1...5, showsLegend: false)
        let rect = Rect(x: 1, y: 1, width: 30, height: 8)
        let s = draw(chart, screen: Size(width: 32, height: 10), rect: rect)
        #expect(coversExactly(s, rect))
        // The single point is shown by its marker (the newest point), nothing else is plotted.
        let markers = (0..<s.height).flatMap { y in (0..<s.width).filter { s[$0, y].text == "●" } }
        #expect(markers.count == 1)
        let braille = (0..<s.height).flatMap { brailleCells(s, row: $0) }
        #expect(braille.isEmpty)
        #expect(s.line(8).contains("1"))  // x tick label
    }

    @Test func flatSeriesIsOneRowAcrossTheWidth() {
        let chart = LineChart(
            series: [ChartSeries(name: "task", values: Array(repeating: 4, count: 200))], yRange: 1...5,
            showsLegend: false)
        let rect = Rect(x: 0, y: 0, width: 40, height: 10)
        let s = draw(chart, screen: Size(width: 40, height: 10), rect: rect)
        #expect(coversExactly(s, rect))
        let rows = (0..<s.height).filter { !brailleCells(s, row: $0).isEmpty }
        #expect(rows.count == 1)
        if let row = rows.first {
            let cells = brailleCells(s, row: row)
            // Every plot column but the last (which holds the newest-point marker).
            #expect(cells.count == cells.last.map { $0 - cells[0] + 1 } ?? -1)
            #expect(s[39, row].text == "●")
        }
    }

    @Test func gapsAreNeverBridged() {
        let chart = LineChart(series: [ChartSeries(name: "s", values: [1, 2, nil, nil, 5, 4])], yRange: 1...5)
        let mapping = ChartMapping(sessionCount: 6, dotColumns: 60, yMin: 1, yMax: 5, dotRows: 40)
        var canvas = BrailleCanvas(columns: 30, rows: 10)
        chart.plotSeries(chart.series[0].values, on: &canvas, mapping: mapping, owner: 1)
        let gapStart = mapping.dotX(1) + 1
        let gapEnd = mapping.dotX(4) - 1
        for x in gapStart...gapEnd {
            #expect(!(0..<40).contains { canvas.isSet(x: x, y: $0) }, "dot column \(x) in the gap")
        }
        // Present neighbours are joined.
        for x in 0...mapping.dotX(1) {
            #expect((0..<40).contains { canvas.isSet(x: x, y: $0) })
        }
    }

    @Test func missingAndNonFiniteValuesNeverCrash() {
        let values: [Double?] = [nil, .nan, .infinity, 3, nil, -100, 100, nil]
        let chart = LineChart(series: [ChartSeries(name: "s", values: values)], yRange: 1...5)
        let rect = Rect(x: 0, y: 0, width: 30, height: 8)
        let s = draw(chart, screen: Size(width: 30, height: 8), rect: rect)
        #expect(coversExactly(s, rect))
        let empty = LineChart(series: [ChartSeries(name: "s", values: [nil, nil])], yRange: 5...5)
        let e = draw(empty, screen: Size(width: 30, height: 8), rect: rect)
        #expect(coversExactly(e, rect))
        let none = LineChart(series: [], yRange: 0...1)
        let n = draw(none, screen: Size(width: 30, height: 8), rect: rect)
        #expect(n.textSnapshot().contains("no data"))
    }

    @Test func aOneSessionDipSurvivesDownsampling() {
        var values = [Double?](repeating: 4.5, count: 5000)
        values[2718] = 1
        let chart = LineChart(series: [ChartSeries(name: "goal", values: values)], yRange: 1...5, showsLegend: false)
        let rect = Rect(x: 0, y: 0, width: 60, height: 12)
        let s = draw(chart, screen: Size(width: 60, height: 12), rect: rect)
        #expect(coversExactly(s, rect))
        // Plot rows are 0…9 (axis at 10, labels at 11); value 1 is on the bottom plot row.
        let bottom = brailleCells(s, row: 9)
        #expect(bottom.count == 1)
        // …at the column where session 2719 lies.
        let mapping = ChartMapping(sessionCount: 5000, dotColumns: (60 - 2) * 2, yMin: 1, yMax: 5, dotRows: 40)
        #expect(bottom == [2 + mapping.dotX(2718) / 2])
    }

    @Test func widthIsExactForManySizes() {
        var values: [Double?] = []
        for i in 0..<37 {
            let v: Double? = i % 7 == 3 ? nil : Double((i * 7) % 5 + 1)
            values.append(v)
        }
        for width in stride(from: 12, through: 120, by: 7) {
            for height in [4, 7, 12, 24] {
                let chart = LineChart(
                    series: [
                        ChartSeries(name: "goal", values: values), ChartSeries(name: "task", values: values.reversed()),
                    ],
                    yRange: 1...5, valueLabels: [1: "Seldom", 5: "Always"], title: "Alliance",
                    cutoffs: [ChartCutoff(value: 3, label: "cut-off")])
                var s = Screen(width: width + 4, height: height + 2, fill: Cell(Self.fillMark))
                let rect = Rect(x: 2, y: 1, width: width, height: height)
                chart.render(into: &s, in: rect)
                #expect(coversExactly(s, rect), "\(width)×\(height)")
                for y in 0..<s.height {
                    #expect(TextWidth.displayWidth(s.line(y)) == width + 4)
                }
                // The x axis reaches the right edge.
                let axisRows = (rect.y..<rect.maxY).filter { s.line($0).contains("└") }
                #expect(axisRows.count == 1, "\(width)×\(height)")
                if let row = axisRows.first {
                    #expect(["─", "┬"].contains(s[rect.maxX - 1, row].text), "\(width)×\(height)")
                }
            }
        }
    }

    @Test func wideValueLabelsStayInTheGutter() {
        let chart = LineChart(
            series: [ChartSeries(name: "目標", values: [1, 2, 3, 4, 5])], yRange: 1...5,
            valueLabels: [1: "ほとんどない", 3: "ときどき", 5: "いつも"], showsLegend: true)
        let rect = Rect(x: 0, y: 0, width: 50, height: 10)
        let s = draw(chart, screen: Size(width: 50, height: 10), rect: rect)
        #expect(coversExactly(s, rect))
        #expect(s.line(0).hasPrefix("5 いつも       ┤"))
        for y in 0..<s.height { #expect(TextWidth.displayWidth(s.line(y)) == 50) }
        #expect(s.textSnapshot().contains("● 目標"))
        // Too narrow for value labels: numbers only.
        let narrow = draw(chart, screen: Size(width: 30, height: 10), rect: Rect(x: 0, y: 0, width: 30, height: 10))
        #expect(narrow.line(0).hasPrefix("5 ┤"))
    }

    @Test func yTicksAtWholeScalePoints() {
        let a = LineChart(series: [], yRange: 1...5)
        #expect(a.yTickValues(plotRows: 10) == [1, 2, 3, 4, 5])
        #expect(a.yTickValues(plotRows: 4) == [1, 3, 5])
        let phq = LineChart(series: [], yRange: 0...27)
        #expect(phq.yTickValues(plotRows: 10) == [0, 5, 10, 15, 20, 25])
        #expect(phq.yTickValues(plotRows: 30) == [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26])
        let huge = LineChart(series: [ChartSeries(name: "s", values: [1, 1e300])], yRange: -1e300...1e300)
        #expect(huge.yTickValues(plotRows: 10) == [-1e300, 1e300])
        var screen = Screen(width: 40, height: 10)
        huge.render(into: &screen, in: screen.bounds)
        #expect(screen.textSnapshot().contains("┤"))
        let frac = LineChart(series: [], yRange: 0.5...3.5)
        #expect(frac.yTickValues(plotRows: 12) == [1, 2, 3])
    }

    @Test func xTicksAreWholeSessionsThatFit() {
        let chart = LineChart(series: [ChartSeries(name: "s", values: Array(repeating: 3, count: 50))], yRange: 1...5)
        let mapping = ChartMapping(sessionCount: 50, dotColumns: 140, yMin: 1, yMax: 5, dotRows: 40)
        let ticks = chart.xTicks(plotColumns: 70, mapping: mapping).map(\.session)
        #expect(ticks == [1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50])
        let three = LineChart(series: [ChartSeries(name: "s", values: [1, 2, 3])], yRange: 1...5)
        let m3 = ChartMapping(sessionCount: 3, dotColumns: 40, yMin: 1, yMax: 5, dotRows: 40)
        #expect(three.xTicks(plotColumns: 20, mapping: m3).map(\.session) == [1, 2, 3])
        let long = ChartMapping(sessionCount: 5000, dotColumns: 140, yMin: 1, yMax: 5, dotRows: 40)
        let longTicks = LineChart(
            series: [ChartSeries(name: "s", values: Array(repeating: 3, count: 5000))], yRange: 1...5
        )
        .xTicks(plotColumns: 70, mapping: long).map(\.session)
        #expect(longTicks.first == 1)
        #expect(longTicks.dropFirst().allSatisfy { $0 % 500 == 0 })
    }

    @Test func withoutColourSeriesGetMarkersAndPanels() {
        let goal: [Double?] = [2, 3, 3, 4]
        let task: [Double?] = [3, 2, 4, 5]
        var chart = LineChart(
            series: [ChartSeries(name: "goal", values: goal), ChartSeries(name: "task", values: task)], yRange: 1...5)
        #expect(chart.usesSmallMultiples(plotRows: 12))
        chart.colorMode = .extended
        #expect(!chart.usesSmallMultiples(plotRows: 12))
        chart.colorMode = .none
        chart.layout = .overlay
        let s = draw(chart, screen: Size(width: 40, height: 12), rect: Rect(x: 0, y: 0, width: 40, height: 12))
        let text = s.textSnapshot()
        // Sparse data: a marker at every point of each series, and a legend naming them.
        #expect(text.filter { $0 == "●" }.count == 4 + 1)
        #expect(text.filter { $0 == "▲" }.count == 4 + 1)
        #expect(s.line(11).hasPrefix("● goal  ▲ task"))
        #expect(s.styleRuns().allSatisfy { $0.style.fg == .default && $0.style.bg == .default })
    }

    @Test func colourUsesThePalette() {
        let chart = LineChart(
            series: [ChartSeries(name: "goal", values: [2, 3, 4]), ChartSeries(name: "task", values: [4, 3, 2])],
            yRange: 1...5, colorMode: .extended)
        let s = draw(chart, screen: Size(width: 30, height: 10), rect: Rect(x: 0, y: 0, width: 30, height: 10))
        let colours = Set(s.styleRuns().map(\.style.fg))
        #expect(colours.contains(Palette.orange))
        #expect(colours.contains(Palette.skyBlue))
    }

    @Test func snapshotAllianceSmallMultiples() throws {
        let chart = LineChart(series: Fixtures.alliance, yRange: 1...5, title: "WAI-SR by session")
        var s = Screen(width: 72, height: 22)
        chart.render(into: &s, in: s.bounds)
        try Snapshot.assert(s, named: "chart-alliance-small-multiples")
    }

    @Test func snapshotAllianceColourOverlay() throws {
        let chart = LineChart(
            series: Fixtures.alliance, yRange: 1...5,
            valueLabels: [1: "Seldom", 2: "Sometimes", 3: "Fairly often", 4: "Very often", 5: "Always"],
            colorMode: .extended)
        var s = Screen(width: 72, height: 14)
        chart.render(into: &s, in: s.bounds)
        try Snapshot.assert(s, named: "chart-alliance-colour-overlay")
    }

    @Test func snapshotOutcomeWithOverlays() throws {
        let phq: [Double?] = [18, 17, nil, 15, 16, 12, 13, nil, nil, 9, 11, 8, 7, 9, 6, 5]
        let chart = LineChart(
            series: [ChartSeries(name: "PHQ-9", values: phq)], yRange: 0...27, title: "PHQ-9",
            cutoffs: [ChartCutoff(value: 10, label: "cut-off 10")],
            markers: [ChartPointMarker(session: 5, label: "possible rupture", seriesIndex: 0)],
            events: [ChartEventMarker(session: 8, label: "medication changed")],
            band: ChartBand(range: 12...24, label: "no reliable change"))
        var s = Screen(width: 64, height: 16)
        chart.render(into: &s, in: s.bounds)
        try Snapshot.assert(s, named: "chart-phq9-overlays")
    }
}

/// Deterministic chart data shared by tests.
enum Fixtures {
    static let alliance: [ChartSeries] = {
        func series(_ seed: Int) -> [Double?] {
            (0..<24).map { i in
                if i == 9 || (seed == 2 && i == 16) { return nil }
                let wave = Double((i * (seed + 3) + seed * 5) % 9) / 8
                return 2.2 + Double(i) / 12 + wave
            }
        }
        return [
            ChartSeries(name: "goal", values: series(0)), ChartSeries(name: "task", values: series(1)),
            ChartSeries(name: "bond", values: series(2)),
        ]
    }()
}
