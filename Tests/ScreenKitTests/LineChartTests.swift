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

    // MARK: - Grid of small multiples

    static let four: [ChartSeries] = [
        ChartSeries(name: "goal", values: [3, 4, 4, 5, 4, 3, 4, 5, 5, 4, 4, 5]),
        ChartSeries(name: "task", values: [2, 3, 3, 4, 4, 4, 3, 4, 5, 5, 4, 4]),
        ChartSeries(name: "bond", values: [4, 4, 5, 5, 4, 4, 5, 5, 4, 5, 5, 5]),
        ChartSeries(name: "total", values: [3, 3.5, 2, 4.5, 4, 3.5, 4, 4.5, 4.5, 4.5, 4, 4.5]),
    ]

    /// Cells of column `x` in `rows` that belong to a y axis.
    func axisCells(_ s: Screen, x: Int, rows: ClosedRange<Int>) -> Int {
        rows.filter { ["┤", "│", "┫", "┃", "┄"].contains(s[x, $0].text) }.count
    }

    /// Braille cells in `rows` × `columns`.
    func braille(_ s: Screen, columns: ClosedRange<Int>, rows: ClosedRange<Int>) -> [(x: Int, y: Int)] {
        rows.flatMap { y in columns.filter { isBraille(s[$0, y].text) }.map { (x: $0, y: y) } }
    }

    // Geometry of a 60 × 16 rect at (2, 1) with a one-row legend: rows 1…13 for panels (stacked:
    // 4 × (header + 2 rows); grid: 2 × (header + 5 rows), headers on rows 2 and 8, plots on
    // 3…7 and 9…13), x axis on row 14, labels on 15, legend on 16. Grid columns are 29 wide
    // with a 2-column gap: left x 2…30 (axis at 4, plot 5…30), right x 33…61 (axis at 35,
    // plot 36…61).

    @Test func fourSeriesInASmallRectMakeATwoByTwoGrid() {
        let chart = LineChart(
            series: Self.four, yRange: 1...5,
            markers: [ChartPointMarker(session: 3, label: "possible rupture", seriesIndex: 3)],
            events: [ChartEventMarker(session: 5, label: "holiday")],
            band: ChartBand(range: 1...2, label: "no reliable change"))
        #expect(chart.arrangement(plotRows: 13, width: 60) == .grid(columns: 2))
        #expect(LineChart.panelRows(plotRows: 13, panels: 4) == 2)  // what stacking would give
        let rect = Rect(x: 2, y: 1, width: 60, height: 16)
        let s = draw(chart, screen: Size(width: 64, height: 18), rect: rect)
        #expect(coversExactly(s, rect))
        // Headers: goal and task in the left column, bond and total in the right one.
        #expect(s[4, 2].text == "●")
        #expect(s[4, 8].text == "▲")
        #expect(s[35, 2].text == "■")
        #expect(s[35, 8].text == "◆")
        #expect(s.line(2).contains("● goal") && s.line(2).contains("■ bond"))
        #expect(s.line(8).contains("▲ task") && s.line(8).contains("◆ total"))
        // Every panel has 5 plot rows with its own y axis (2 when stacked), labelled 5 … 1.
        for x in [4, 35] {
            for rows in [3...7, 9...13] {
                #expect(axisCells(s, x: x, rows: rows) == 5, "axis at \(x), rows \(rows)")
                #expect(s[x - 2, rows.lowerBound].text == "5")
                #expect(s[x - 2, rows.upperBound].text == "1")
                // The band (1…2) is the thick axis segment in every panel.
                #expect(s[x, rows.upperBound].text == "┫")
                #expect(!braille(s, columns: (x + 1)...(x + 26), rows: rows).isEmpty)
            }
        }
        // Each column has its own x axis, reaching its plot's right edge, and labels.
        #expect(s[4, 14].text == "└" && s[35, 14].text == "└")
        #expect(s[30, 14].text == "─" || s[30, 14].text == "┬")
        #expect(s[61, 14].text == "─" || s[61, 14].text == "┬")
        #expect(s[31, 14].text == " " && s[32, 14].text == " ")
        let mapping = ChartMapping(sessionCount: 12, dotColumns: 52, yMin: 1, yMax: 5, dotRows: 20)
        for plotX in [5, 36] {
            #expect(s[plotX + mapping.dotX(1) / 2, 14].text == "┬")
            #expect(s[plotX + mapping.dotX(1) / 2, 15].text == "2")
            #expect(s[plotX + mapping.dotX(11) / 2, 14].text == "┬")
        }
        #expect(s.line(15).components(separatedBy: " 12").count == 3)
        // The event note is on both x axes at session 5.
        #expect(s[5 + mapping.dotX(4) / 2, 14].text == "◇")
        #expect(s[36 + mapping.dotX(4) / 2, 14].text == "◇")
        // The possible rupture is just above total's point at session 3, in total's panel only.
        let pointRow = mapping.dotY(2) / 4
        #expect(s[36 + mapping.dotX(2) / 2, 9 + pointRow - 1].text == "▼")
        #expect((1...15).map { s.line($0).filter { $0 == "▼" }.count }.reduce(0, +) == 1)
        // The newest point of each series carries its marker at the right edge of its plot.
        #expect(s[30, 3 + mapping.dotY(5) / 4].text == "●")
        #expect(s[61, 9 + mapping.dotY(4.5) / 4].text == "◆")
        // Legend: the overlays, not the series (the headers name them).
        #expect(s.line(16).hasPrefix("··▼ possible rupture  ◇ holiday  ┃ no reliable change"))
        #expect(!s.line(16).contains("goal"))
    }

    @Test func threeSeriesMakeTwoPanelsAndOne() {
        let chart = LineChart(series: Array(Self.four.prefix(3)), yRange: 1...5, showsLegend: false)
        // Without a legend: rows 1…14 for panels, axis on 15, labels on 16.
        #expect(LineChart.panelRows(plotRows: 14, panels: 3) == 3)  // stacked: too short
        #expect(chart.arrangement(plotRows: 14, width: 60) == .grid(columns: 2))
        let rect = Rect(x: 2, y: 1, width: 60, height: 16)
        let s = draw(chart, screen: Size(width: 64, height: 18), rect: rect)
        #expect(coversExactly(s, rect))
        // Left: goal (header row 1, plot 2…7) and task (header 8, plot 9…14), 6 rows each.
        #expect(s[4, 1].text == "●" && s[4, 8].text == "▲")
        #expect(axisCells(s, x: 4, rows: 2...7) == 6)
        #expect(axisCells(s, x: 4, rows: 9...14) == 6)
        // Right: bond alone, in the lower slot so that both x axes share a row.
        #expect(s[35, 8].text == "■")
        #expect(axisCells(s, x: 35, rows: 9...14) == 6)
        for y in 1...7 {
            #expect(s.line(y).dropFirst(33).allSatisfy { $0 == " " || $0 == "·" }, "row \(y)")
        }
        #expect(s[4, 15].text == "└" && s[35, 15].text == "└")
        #expect(s.textSnapshot().filter { $0 == "└" }.count == 2)
    }

    @Test func gridOnlyWhenStackedPanelsAreShortAndThereIsWidth() {
        let chart = LineChart(series: Self.four, yRange: 1...5)
        // 4 rows each when stacked: keep stacking.
        #expect(chart.arrangement(plotRows: 20, width: 60) == .stacked)
        #expect(chart.arrangement(plotRows: 19, width: 60) == .grid(columns: 2))
        // Too narrow for two 16-column plots: stacked panels of 2 rows, as before grids.
        #expect(chart.arrangement(plotRows: 13, width: 39) == .stacked)
        #expect(chart.arrangement(plotRows: 13, width: 40) == .grid(columns: 2))
        // Two series never make a grid; colour overlays.
        let two = LineChart(series: Array(Self.four.prefix(2)), yRange: 1...5)
        #expect(two.arrangement(plotRows: 7, width: 80) == .stacked)
        var colour = chart
        colour.colorMode = .extended
        #expect(colour.arrangement(plotRows: 13, width: 60) == .overlay)
        // Too short even for stacking: the grid rescues panels when it has 2 rows each …
        #expect(chart.arrangement(plotRows: 6, width: 60) == .grid(columns: 2))
        // … and below that everything is one plot.
        #expect(chart.arrangement(plotRows: 5, width: 60) == .overlay)

        // In a narrow rect the same chart stacks (no legend: 14 plot rows, 2 per panel and a
        // spare row on top) where a grid would give 6.
        let rect = Rect(x: 2, y: 1, width: 39, height: 16)
        let s = draw(chart, screen: Size(width: 43, height: 18), rect: rect)
        #expect(coversExactly(s, rect))
        #expect(s.textSnapshot().filter { $0 == "└" }.count == 1)
        #expect(chart.arrangement(plotRows: 14, width: 39) == .stacked)
        for (header, symbol) in [(3, "●"), (6, "▲"), (9, "■"), (12, "◆")] {
            #expect(s[4, header].text == symbol)
            #expect(axisCells(s, x: 4, rows: (header + 1)...(header + 2)) == 2)
        }
    }

    @Test func gridPanelsKeepGapsAndDownsamplingExtremes() {
        var dip = [Double?](repeating: 4.5, count: 5000)
        dip[2718] = 1
        var gap = [Double?](repeating: 4.5, count: 5000)
        for i in 1000..<2000 { gap[i] = nil }
        let flat = [Double?](repeating: 4.5, count: 5000)
        let chart = LineChart(
            series: [
                ChartSeries(name: "goal", values: gap), ChartSeries(name: "task", values: flat),
                ChartSeries(name: "bond", values: dip), ChartSeries(name: "total", values: flat),
            ], yRange: 1...5, showsLegend: false)
        // Without a legend: headers on rows 1 and 8, plots on 2…7 and 9…14 (6 rows).
        let rect = Rect(x: 2, y: 1, width: 60, height: 16)
        let s = draw(chart, screen: Size(width: 64, height: 18), rect: rect)
        #expect(coversExactly(s, rect))
        #expect(s[35, 1].text == "■")
        let mapping = ChartMapping(sessionCount: 5000, dotColumns: 52, yMin: 1, yMax: 5, dotRows: 24)
        // bond's one-session dip to 1 reaches the bottom row of its panel, at its session's column.
        #expect(braille(s, columns: 36...61, rows: 7...7).map(\.x) == [36 + mapping.dotX(2718) / 2])
        // The flat task panel has nothing on its bottom row.
        #expect(braille(s, columns: 5...30, rows: 14...14).isEmpty)
        // goal's missed sessions 1001…2000 stay empty: no cell wholly inside the gap is drawn.
        let gapCells = (mapping.dotX(999) / 2 + 1)...(mapping.dotX(2000) / 2 - 1)
        #expect(gapCells.count >= 3)
        #expect(braille(s, columns: (5 + gapCells.lowerBound)...(5 + gapCells.upperBound), rows: 2...7).isEmpty)
        #expect(braille(s, columns: 5...(5 + gapCells.lowerBound - 1), rows: 2...7).count >= gapCells.lowerBound)
    }

    @Test func narrowGridPanelsDropValueLabels() {
        let labels = [1: "Seldom", 3: "Fairly often", 5: "Always"]
        let chart = LineChart(series: Self.four, yRange: 1...5, valueLabels: labels, showsLegend: false)
        // 60 wide: 29-column panels show numbers only, and keep 26-column plots.
        let narrow = draw(chart, screen: Size(width: 64, height: 18), rect: Rect(x: 2, y: 1, width: 60, height: 16))
        #expect(narrow.line(2).hasPrefix("··5 ┤"))
        #expect(narrow[33, 2].text == "5" && narrow[35, 2].text == "┤")
        #expect(!narrow.textSnapshot().contains("Always"))
        #expect(!narrow.textSnapshot().contains("Seldom"))
        // 120 wide: 59-column panels have room for the value labels in both columns.
        let wide = draw(chart, screen: Size(width: 124, height: 18), rect: Rect(x: 2, y: 1, width: 120, height: 16))
        #expect(chart.arrangement(plotRows: 14, width: 120) == .grid(columns: 2))
        #expect(wide.line(2).hasPrefix("··5 Always       ┤"))
        #expect(wide.line(2).components(separatedBy: "5 Always       ┤").count == 3)
        #expect(wide.line(14).components(separatedBy: "1 Seldom       ┤").count == 3)
    }

    @Test func tinyRectsFallBackWithoutDrawingOutside() {
        let chart = LineChart(
            series: Self.four, yRange: 1...5, valueLabels: [1: "Seldom", 5: "Always"], title: "WAI-SR",
            markers: [ChartPointMarker(session: 3, label: "possible rupture", seriesIndex: 3)],
            events: [ChartEventMarker(session: 5, label: "holiday")])
        // 30 × 8: 5 plot rows, too few for a grid of 2-row panels: one overlay plot.
        #expect(chart.arrangement(plotRows: 4, width: 30) == .overlay)
        let rect = Rect(x: 1, y: 1, width: 30, height: 8)
        let s = draw(chart, screen: Size(width: 32, height: 10), rect: rect)
        #expect(coversExactly(s, rect))
        #expect(s.line(8).contains("● goal"))  // the legend names the series
        #expect(s.textSnapshot().filter { $0 == "└" }.count == 1)
        for series in [Array(Self.four.prefix(3)), Self.four, Self.four + [Self.four[0]]] {
            var c = chart
            c.series = series
            for width in 1...44 {
                for height in 1...16 {
                    let r = Rect(x: 2, y: 1, width: width, height: height)
                    let t = draw(c, screen: Size(width: width + 4, height: height + 2), rect: r)
                    #expect(coversExactly(t, r), "\(series.count) series, \(width)×\(height)")
                }
            }
        }
    }

    /// Short panels (2 rows each on 1–5: the 40×12 dashboard, `--rater both`, `--height 12`) label
    /// the top of the range as well as the bottom, so a line near 5 does not read as if it were at 1.
    @Test(arguments: [(2, 40), (4, 80)])  // stacked panels (`--rater both`), a grid of four
    func shortPanelsLabelTheRangeTheyShow(seriesCount: Int, width: Int) {
        let values: [Double?] = [4.2, 4.4, 4.1, 4.6, 4.5, 4.3]
        let chart = LineChart(
            series: (0..<seriesCount).map { ChartSeries(name: "s\($0)", values: values) }, yRange: 1...5,
            colorMode: .none, layout: .smallMultiples)
        let s = draw(chart, screen: Size(width: width, height: 9), rect: Rect(x: 0, y: 0, width: width, height: 9))
        let lines = (0..<9).map { s.line($0) }
        let text = lines.joined(separator: "\n")
        let bottoms = lines.map { $0.components(separatedBy: "1 ┤").count - 1 }.reduce(0, +)
        let tops = lines.map { $0.components(separatedBy: "5 ┤").count - 1 }.reduce(0, +)
        #expect(bottoms == seriesCount, "one panel per series, 2 rows each:\n\(text)")
        #expect(tops == bottoms, "every panel shows its top too:\n\(text)")
        // The line near 4.4 is on the rows labelled 5, not on those labelled 1.
        for line in lines where line.contains("1 ┤") {
            #expect(!line.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF }, "\(text)")
        }
    }

    /// A plot of one row is labelled with the whole range it shows.
    @Test func oneRowPlotIsLabelledWithItsRange() {
        let chart = LineChart(series: [ChartSeries(name: "x", values: [4, 4.5, 4])], yRange: 1...5, showsLegend: false)
        let s = draw(chart, screen: Size(width: 30, height: 3), rect: Rect(x: 0, y: 0, width: 30, height: 3))
        let text = (0..<3).map { s.line($0) }.joined(separator: "\n")
        #expect(text.contains("1–5 ┤"), "\(text)")
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
