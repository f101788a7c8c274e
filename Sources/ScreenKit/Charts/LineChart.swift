/// A braille line chart of per-session scores: several series, gaps for missed sessions,
/// y ticks at whole scale points (with optional value labels), x ticks at whole sessions,
/// cut-off lines, point and event markers, an optional band, and a legend.
///
/// Series stay distinguishable without colour: each has a marker (● ▲ ■ ◆) in the legend and
/// on its points, and with ``Layout/automatic`` and no colour every series gets its own panel
/// (small multiples: stacked above a shared x axis, or, when stacked panels would be too short,
/// a grid of two columns, each with its own x axis). With colour, series use the colour-blind-safe
/// ``Palette``. When there are more sessions than dot columns, each column shows the minimum
/// and maximum of its sessions, so a one-session dip never disappears.
///
/// The chart draws every cell of its rectangle and nothing outside it.
public struct LineChart: Sendable, Equatable {
    /// How several series are arranged.
    public enum Layout: Sendable, Equatable {
        /// Small multiples without colour (when there is room), one plot with colour.
        case automatic
        /// All series in one plot.
        case overlay
        /// One panel per series: stacked above a shared x axis, or in a two-column grid when
        /// stacked panels would be short (falls back to overlay without room).
        case smallMultiples
    }

    /// The series, drawn in order (later ones on top).
    public var series: [ChartSeries]
    /// The y scale, e.g. 1...5 or 0...27; values outside are clamped to the edge.
    public var yRange: ClosedRange<Double>
    /// Labels for whole scale points, e.g. `[1: "Seldom", 5: "Always"]`, shown when there is room.
    public var valueLabels: [Int: String]
    /// The session number of `values[0]`.
    public var firstSession: Int
    /// Title in the first row (bold), if any.
    public var title: String?
    /// Dashed horizontal reference lines.
    public var cutoffs: [ChartCutoff]
    /// Symbols at given sessions (e.g. possible ruptures).
    public var markers: [ChartPointMarker]
    /// Notes on the x axis.
    public var events: [ChartEventMarker]
    /// A shaded band, if any.
    public var band: ChartBand?
    /// An expected course and tolerance band drawn behind the series, if any.
    public var expectation: ChartExpectation?
    /// Colours available; ``ColorMode/none`` draws with attributes only.
    public var colorMode: ColorMode
    /// Arrangement of several series.
    public var layout: Layout
    /// Show the legend row (when there is room).
    public var showsLegend: Bool

    /// Creates a chart.
    public init(
        series: [ChartSeries], yRange: ClosedRange<Double>, valueLabels: [Int: String] = [:],
        firstSession: Int = 1, title: String? = nil, cutoffs: [ChartCutoff] = [],
        markers: [ChartPointMarker] = [], events: [ChartEventMarker] = [], band: ChartBand? = nil,
        expectation: ChartExpectation? = nil, colorMode: ColorMode = .none, layout: Layout = .automatic,
        showsLegend: Bool = true
    ) {
        self.expectation = expectation
        self.series = series
        self.yRange = yRange
        self.valueLabels = valueLabels
        self.firstSession = firstSession
        self.title = title
        self.cutoffs = cutoffs
        self.markers = markers
        self.events = events
        self.band = band
        self.colorMode = colorMode
        self.layout = layout
        self.showsLegend = showsLegend
    }

    /// Number of sessions on the x axis (the longest series).
    public var sessionCount: Int { series.reduce(0) { max($0, $1.values.count) } }

    /// The colour of series `i`.
    public func color(ofSeries i: Int) -> Color {
        series[i].color ?? Palette.series[i % Palette.series.count]
    }

    /// The marker of series `i`.
    public func marker(ofSeries i: Int) -> Character {
        series[i].marker ?? Palette.markers[i % Palette.markers.count]
    }

    /// Whether one panel per series is wanted at all (before asking whether there is room).
    private var panelsWanted: Bool {
        guard series.count > 1 else { return false }
        switch layout {
        case .overlay: return false
        case .smallMultiples: return true
        case .automatic: return colorMode == .none
        }
    }

    /// Whether ``render(into:in:)`` would stack one panel per series in a single column for a
    /// plot of `plotRows` rows (at least ``minimumPanelRows`` rows per panel). Wide enough
    /// charts may put the panels in a grid instead; see ``arrangement(plotRows:width:)``.
    public func usesSmallMultiples(plotRows: Int) -> Bool {
        panelsWanted && Self.panelRows(plotRows: plotRows, panels: series.count) >= Self.minimumPanelRows
    }

    /// How the series are arranged in a chart.
    enum Arrangement: Equatable {
        /// All series in one plot.
        case overlay
        /// One panel per series, stacked in one column above one x axis.
        case stacked
        /// One panel per series in `columns` columns, filled top to bottom (series 0, 1 in the
        /// first column of a 2 × 2 grid, 2, 3 in the second); each column has its own x axis.
        case grid(columns: Int)
    }

    // Panel thresholds.
    //
    // A panel is a header row (marker and series name) above its plot rows.
    //
    // - `minimumPanelRows` (2): the least a panel can show, a line's rise and fall over 8 dot
    //   rows and one y tick. Below it a chart is drawn as one overlay plot (as before grids).
    // - `comfortablePanelRows` (4): 16 dot rows, enough for ticks at 1, 3 and 5 on a 1–5 scale
    //   and a line that is not squashed flat. Stacked panels that would get fewer rows are
    //   put in a grid when the grid gives them more.
    // - `gridColumns` (2) and `minimumGridSeries` (3): with three or more series, two columns
    //   roughly double each panel's height (4 series: 2 panels per column instead of 4). With
    //   two series, a stacked pair already has half the height each and shares the x axis.
    // - `minimumGridPlotColumns` (16): each grid column's plot (after its y labels) needs 16
    //   cells, 32 dot columns, so the x axis can label a few sessions and a 20-session line
    //   keeps its shape. Narrower charts stay stacked. Grid columns show the value labels
    //   ("5 Always") only under the same rule as a whole chart, applied to the column's width,
    //   so narrow columns show numbers only rather than a squeezed plot.
    // - `gridGap` (2): blank columns between grid columns, so the first column's plot does not
    //   run into the next column's y labels.
    static let minimumPanelRows = 2
    static let comfortablePanelRows = 4
    static let gridColumns = 2
    static let minimumGridSeries = 3
    static let minimumGridPlotColumns = 16
    static let gridGap = 2

    /// Plot rows per panel when `panels` panels (each with a header row) share `plotRows` rows.
    static func panelRows(plotRows: Int, panels: Int) -> Int {
        panels > 0 ? (plotRows - panels) / panels : plotRows
    }

    /// The arrangement for a plot area of `plotRows` rows in a chart `width` columns wide.
    ///
    /// Stacked panels when each gets at least ``comfortablePanelRows`` rows; else a grid of
    /// ``gridColumns`` columns when there are at least ``minimumGridSeries`` series, the grid
    /// gives each panel more rows (and at least ``minimumPanelRows``), and each column's plot
    /// is at least ``minimumGridPlotColumns`` wide; else stacked panels when each gets at
    /// least ``minimumPanelRows``; else one overlay plot.
    func arrangement(plotRows: Int, width: Int) -> Arrangement {
        guard panelsWanted else { return .overlay }
        let stackedRows = Self.panelRows(plotRows: plotRows, panels: series.count)
        if stackedRows >= Self.comfortablePanelRows { return .stacked }
        if series.count >= Self.minimumGridSeries {
            let columns = Self.gridColumns
            let perColumn = (series.count + columns - 1) / columns
            let gridRows = Self.panelRows(plotRows: plotRows, panels: perColumn)
            let columnWidth = (width - Self.gridGap * (columns - 1)) / columns
            let gutter = yGutter(width: columnWidth, panelRows: gridRows)
            if gridRows >= Self.minimumPanelRows, gridRows > stackedRows,
                columnWidth - gutter.width - 1 >= Self.minimumGridPlotColumns
            {
                return .grid(columns: columns)
            }
        }
        return stackedRows >= Self.minimumPanelRows ? .stacked : .overlay
    }

    /// The left gutter of a plot column `width` wide with panels of `panelRows` rows: y ticks,
    /// the width of their numbers, whether value labels fit, and the gutter's width (labels
    /// and a space, before the axis line).
    func yGutter(width: Int, panelRows: Int) -> (ticks: [Double], numberWidth: Int, valueLabels: Bool, width: Int) {
        let ticks = yTickValues(plotRows: panelRows)
        let numberWidth =
            panelRows == 1
            ? TextWidth.displayWidth(rangeLabel()) : ticks.reduce(0) { max($0, ChartFormat.number($1).count) }
        let longestValueLabel = valueLabels.values.reduce(0) { max($0, TextWidth.displayWidth($1)) }
        let withLabels = numberWidth + 1 + longestValueLabel + 1
        // Value labels only when the plot keeps at least 24 columns and half the width.
        let show = panelRows > 1 && longestValueLabel > 0 && width - withLabels - 1 >= max(24, width / 2)
        return (ticks, numberWidth, show, show ? withLabels : numberWidth + 1)
    }

    /// Draws the chart into `rect` of `screen`.
    public func render(into screen: inout Screen, in rect: Rect) {
        let r = rect.intersection(screen.bounds)
        guard !r.isEmpty else { return }
        screen.fill(r, with: .blank)
        guard r.width >= 6, r.height >= 3 else {
            screen.put(TextWidth.truncate("chart too small", width: r.width), x: r.x, y: r.y, style: .dim, clip: r)
            return
        }
        var area = r
        if let title, !title.isEmpty, area.height >= 5 {
            let split = area.splitTop(1)
            screen.put(TextWidth.truncate(title, width: area.width), x: area.x, y: area.y, style: .bold, clip: r)
            area = split.rest
        }
        // Rows: plot …, x axis, x labels, legend. The arrangement is decided on the rows left
        // without a legend, then the legend row is reserved only if it has something to show.
        let estimatedPlotRows = area.height - (area.height >= 5 ? 3 : 2)
        let wanted = arrangement(plotRows: estimatedPlotRows, width: r.width)
        let legend = showsLegend ? legendItems(smallMultiples: wanted != .overlay) : []
        var legendRow: Rect?
        if !legend.isEmpty && area.height >= 5 {
            // A second legend row when the items do not fit in one and there is height to spare.
            let rows = area.height >= 12 && legendWidth(legend) > area.width ? 2 : 1
            let split = area.splitBottom(rows)
            legendRow = split.bottom
            area = split.rest
        }
        var labelRow: Rect?
        if area.height >= 3 {
            let split = area.splitBottom(1)
            labelRow = split.bottom
            area = split.rest
        }
        let axisSplit = area.splitBottom(1)
        let axisRow = axisSplit.bottom
        let plotArea = axisSplit.rest
        guard plotArea.height >= 1 else { return }

        let arranged = wanted == .overlay ? .overlay : arrangement(plotRows: plotArea.height, width: r.width)
        switch arranged {
        case .overlay:
            drawColumn(
                into: &screen, column: r, plotArea: plotArea, axisRow: axisRow, labelRow: labelRow,
                groups: [Array(series.indices)], slots: 1, headers: false)
        case .stacked:
            drawColumn(
                into: &screen, column: r, plotArea: plotArea, axisRow: axisRow, labelRow: labelRow,
                groups: series.indices.map { [$0] }, slots: series.count, headers: true)
        case .grid(let columns):
            // Equal columns (so every panel has the same x scale); the last one ends at the
            // rect's right edge and any odd column goes into the gap.
            let perColumn = (series.count + columns - 1) / columns
            let columnWidth = (r.width - Self.gridGap * (columns - 1)) / columns
            for c in 0..<columns {
                let first = c * perColumn
                let last = min(series.count, first + perColumn)
                guard first < last else { continue }
                let x = c == columns - 1 ? r.maxX - columnWidth : r.x + c * (columnWidth + Self.gridGap)
                let column = Rect(x: x, y: r.y, width: columnWidth, height: r.height)
                drawColumn(
                    into: &screen, column: column, plotArea: plotArea, axisRow: axisRow, labelRow: labelRow,
                    groups: (first..<last).map { [$0] }, slots: perColumn, headers: true)
            }
        }
        if let legendRow {
            drawLegend(
                into: &screen, row: legendRow,
                items: (arranged == .overlay) == (wanted == .overlay)
                    ? legend : legendItems(smallMultiples: arranged != .overlay))
        }
    }

    /// Draws one column of panels with its y gutter and its x axis: `groups` are the series of
    /// each panel, top to bottom; with `headers`, each panel has a header row naming its
    /// series. The panels are `slots` tall in all, filled from the bottom, so columns with
    /// fewer panels than slots still end at the shared x-axis row.
    private func drawColumn(
        into screen: inout Screen, column: Rect, plotArea: Rect, axisRow: Rect, labelRow: Rect?,
        groups: [[Int]], slots: Int, headers: Bool
    ) {
        let panelRows = headers ? Self.panelRows(plotRows: plotArea.height, panels: slots) : plotArea.height
        guard panelRows >= 1 else { return }
        let gutter = yGutter(width: column.width, panelRows: panelRows)
        let axisX = column.x + gutter.width
        let plotX = axisX + 1
        let plotColumns = column.maxX - plotX
        guard plotColumns >= 2 else { return }
        let mapping = ChartMapping(
            sessionCount: sessionCount, dotColumns: plotColumns * 2, yMin: yRange.lowerBound,
            yMax: yRange.upperBound, dotRows: panelRows * 4)
        let panelHeight = panelRows + (headers ? 1 : 0)
        var y = plotArea.maxY - groups.count * panelHeight
        for indices in groups {
            if headers, let i = indices.first {
                let header = Rect(x: column.x, y: y, width: column.width, height: 1)
                var x = screen.put(String(marker(ofSeries: i)), x: axisX, y: y, style: seriesStyle(i), clip: header)
                x = screen.put(" " + series[i].name, x: x, y: y, style: .bold, clip: header)
            }
            let panel = Rect(x: plotX, y: y + panelHeight - panelRows, width: plotColumns, height: panelRows)
            drawPanel(
                into: &screen, plot: panel, axisX: axisX, gutterX: column.x, seriesIndices: indices, mapping: mapping,
                yTicks: gutter.ticks, numberWidth: gutter.numberWidth, showValueLabels: gutter.valueLabels)
            y += panelHeight
        }
        drawXAxis(
            into: &screen, axisRow: axisRow, labelRow: labelRow, axisX: axisX, plotColumns: plotColumns,
            mapping: mapping, clip: column)
    }

    // MARK: - Panels

    private func seriesStyle(_ i: Int) -> Style {
        colorMode == .none ? .plain : Style(fg: color(ofSeries: i))
    }

    private static let cutoffOwner: UInt8 = 254
    private static let expectedOwner: UInt8 = 253
    private static let bandEdgeOwner: UInt8 = 252

    /// Draws a polyline through `values` (one per session index) keeping the dots whose x
    /// satisfies `keep`; missing values break it.
    func plotPattern(
        _ values: [Double?], on canvas: inout BrailleCanvas, mapping: ChartMapping, owner: UInt8, keep: (Int) -> Bool
    ) {
        var scratch = BrailleCanvas(columns: canvas.columns, rows: canvas.rows)
        var prev: (x: Int, y: Int)?
        for j in values.indices {
            guard let v = values[j], v.isFinite else {
                prev = nil
                continue
            }
            let p = (x: mapping.dotX(j), y: mapping.dotY(v))
            if let q = prev { scratch.line(from: q.x, q.y, to: p.x, p.y) } else { scratch.set(x: p.x, y: p.y) }
            prev = p
        }
        for y in 0..<scratch.dotHeight {
            for x in 0..<scratch.dotWidth where keep(x) && scratch.isSet(x: x, y: y) {
                canvas.set(x: x, y: y, owner: owner)
            }
        }
    }

    /// The band edge values worth drawing: an edge on the y range's bound is the axis itself.
    func edgeValues(_ values: [Double?]) -> [Double?] {
        values.map { v in
            guard let v, v > yRange.lowerBound + 1e-9, v < yRange.upperBound - 1e-9 else { return nil }
            return v
        }
    }

    /// For each cell column of a plot `columns` wide, the rows inside the expectation band.
    func bandRowsByColumn(columns: Int, rows: Int, mapping: ChartMapping) -> [ClosedRange<Int>?] {
        guard let e = expectation, columns > 0 else { return [] }
        var out = [ClosedRange<Int>?](repeating: nil, count: columns)
        var lows = BrailleCanvas(columns: columns, rows: rows)
        var highs = BrailleCanvas(columns: columns, rows: rows)
        plotPattern(e.low, on: &lows, mapping: mapping, owner: 1) { _ in true }
        plotPattern(e.high, on: &highs, mapping: mapping, owner: 1) { _ in true }
        for col in 0..<columns {
            var top: Int?
            var bottom: Int?
            for y in 0..<highs.dotHeight where highs.isSet(x: col * 2, y: y) || highs.isSet(x: col * 2 + 1, y: y) {
                top = min(top ?? y, y)
            }
            for y in 0..<lows.dotHeight where lows.isSet(x: col * 2, y: y) || lows.isSet(x: col * 2 + 1, y: y) {
                bottom = max(bottom ?? y, y)
            }
            if let top, let bottom, top <= bottom { out[col] = (top / 4)...(bottom / 4) }
        }
        return out
    }

    /// Whole scale points to label, spaced so that no two share a row.
    func yTickValues(plotRows: Int) -> [Double] {
        let lo = yRange.lowerBound
        let hi = yRange.upperBound
        guard lo.isFinite, hi.isFinite, hi > lo, plotRows > 0 else { return lo.isFinite ? [lo] : [] }
        // One row shows the whole range: it is labelled "lo–hi" (see `rangeLabel`).
        if plotRows == 1 { return [lo, hi] }
        let rowsPerUnit = Double(plotRows * 4 - 1) / (hi - lo) / 4
        // Label every whole point of short scales (1–5); leave a free row between labels on
        // long ones (0–27) so the axis stays readable.
        let spacing = hi - lo > 10 ? 1.5 : 1.0
        let step = ChartFormat.step(perUnit: rowsPerUnit, minimum: plotRows >= 2 ? spacing : 1e9)
        var ticks: [Double] = []
        // A scale too large for the nice steps (e.g. 0…1e300): label the ends only.
        guard (hi - lo) / Double(step) <= Double(plotRows * 4 + 1) else { return [lo, hi] }
        // Start at the bottom of the scale when it is a whole number (1–5 → 1, 3, 5), else at
        // the first multiple of the step.
        var v = lo == lo.rounded() ? lo : (lo / Double(step)).rounded(.up) * Double(step)
        while v <= hi + 1e-9 {
            ticks.append(v)
            v += Double(step)
        }
        if ticks.isEmpty { ticks = [lo] }
        // A short panel whose step skips the top of the scale (2 rows of 1–5: only "1") would let
        // a line near the top read as if it were at the bottom: label the top row too.
        if let top = ticks.last, top < lo + (hi - lo) / 2 { ticks.append(hi) }
        return ticks
    }

    /// The label of a one-row plot: the range it shows ("1–5").
    func rangeLabel() -> String {
        "\(ChartFormat.number(yRange.lowerBound))–\(ChartFormat.number(yRange.upperBound))"
    }

    private func drawPanel(
        into screen: inout Screen, plot: Rect, axisX: Int, gutterX: Int, seriesIndices: [Int],
        mapping: ChartMapping, yTicks: [Double], numberWidth: Int, showValueLabels: Bool
    ) {
        guard !plot.isEmpty else { return }
        var canvas = BrailleCanvas(columns: plot.width, rows: plot.height)
        for c in cutoffs {
            canvas.dashedHorizontalLine(y: mapping.dotY(c.value), owner: Self.cutoffOwner)
        }
        // The expected course behind the series: sparse band edges, a dashed expected line.
        var expectationRows: [ClosedRange<Int>?] = []
        if let e = expectation {
            plotPattern(edgeValues(e.high), on: &canvas, mapping: mapping, owner: Self.bandEdgeOwner) { $0 % 3 == 0 }
            plotPattern(edgeValues(e.low), on: &canvas, mapping: mapping, owner: Self.bandEdgeOwner) { $0 % 3 == 0 }
            plotPattern(e.expected, on: &canvas, mapping: mapping, owner: Self.expectedOwner) { $0 % 3 != 2 }
            expectationRows = bandRowsByColumn(columns: plot.width, rows: plot.height, mapping: mapping)
        }
        for i in seriesIndices {
            plotSeries(series[i].values, on: &canvas, mapping: mapping, owner: UInt8(min(i + 1, 250)))
        }

        // Band rows.
        var bandRows = 0..<0
        if let band {
            let top = mapping.dotY(band.range.upperBound) / 4
            let bottom = mapping.dotY(band.range.lowerBound) / 4
            bandRows = min(top, bottom)..<(max(top, bottom) + 1)
        }
        let bandStyle = colorMode == .none ? Style.plain : Style(bg: .indexed(236, fallback: 0))

        // Cells.
        let cutoffStyle = colorMode == .none ? Style.dim : Style(fg: Palette.grey)
        var seriesStyles: [Style] = []
        for i in series.indices { seriesStyles.append(seriesStyle(i)) }
        for row in 0..<plot.height {
            for col in 0..<plot.width {
                let inBand =
                    bandRows.contains(row)
                    || (expectationRows.indices.contains(col) && expectationRows[col]?.contains(row) == true)
                let i = row * plot.width + col
                let b = canvas.bits[i]
                let x = plot.x + col
                let y = plot.y + row
                if b == 0 {
                    if inBand && colorMode != .none { screen.setNarrow(" ", x: x, y: y, style: bandStyle) }
                    continue
                }
                let owner = canvas.owners[i]
                var style =
                    owner == Self.cutoffOwner || owner == Self.expectedOwner || owner == Self.bandEdgeOwner
                    ? cutoffStyle : seriesStyles[Int(owner) - 1]
                if inBand && colorMode != .none { style.bg = bandStyle.bg }
                screen.setNarrow(scalar: BrailleCanvas.scalar(b), x: x, y: y, style: style)
            }
        }

        // Data-point markers: every point when sparse, else the newest one.
        let n = mapping.sessionCount
        let sparse = n > 0 && n * 3 <= plot.width
        for i in seriesIndices {
            let values = series[i].values
            let symbol = String(marker(ofSeries: i))
            let style = seriesStyles[i]
            var lastIndex: Int?
            for (j, v) in values.enumerated().reversed() where v.map({ $0.isFinite }) ?? false {
                lastIndex = j
                break
            }
            for (j, v) in values.enumerated() {
                guard let v, v.isFinite, sparse || j == lastIndex else { continue }
                let col = mapping.dotX(j) / 2
                let row = mapping.dotY(v) / 4
                screen.setNarrow(symbol, x: plot.x + col, y: plot.y + row, style: style.emboldened)
            }
        }

        // Point markers.
        for m in markers {
            let j = m.session - firstSession
            guard j >= 0, j < max(n, 1) else { continue }
            if let si = m.seriesIndex, !seriesIndices.contains(si) { continue }
            let col = mapping.dotX(j) / 2
            var row = 0
            if let si = m.seriesIndex, j < series[si].values.count, let v = series[si].values[j], v.isFinite {
                let pointRow = mapping.dotY(v) / 4
                row = pointRow > 0 ? pointRow - 1 : min(plot.height - 1, pointRow + 1)
            }
            let style = colorMode == .none ? Style.bold : Style(fg: Palette.vermillion, bold: true)
            screen.setNarrow(String(m.symbol), x: plot.x + col, y: plot.y + row, style: style)
        }

        // Y axis and labels.
        for row in 0..<plot.height {
            let inBand = bandRows.contains(row) && band != nil
            screen.setNarrow(inBand ? "┃" : "│", x: axisX, y: plot.y + row, style: .plain)
        }
        // One flag per row rather than a Set<Int>: a Set costs a protocol-conformance scan of the
        // whole binary on its first use, a visible share of a `rapport chart` run (docs/charts.md).
        var labelled = [Bool](repeating: false, count: plot.height)
        for c in cutoffs where c.value >= yRange.lowerBound && c.value <= yRange.upperBound {
            let row = mapping.dotY(c.value) / 4
            screen.setNarrow("┄", x: axisX, y: plot.y + row, style: cutoffStyle)
        }
        if plot.height == 1, yTicks.count == 2 {
            labelled[0] = true
            screen.setNarrow(band != nil && bandRows.contains(0) ? "┫" : "┤", x: axisX, y: plot.y, style: .plain)
            let clip = Rect(x: gutterX, y: plot.y, width: axisX - gutterX - 1, height: 1)
            screen.put(
                TextWidth.pad(rangeLabel(), to: numberWidth, alignment: .right), x: gutterX, y: plot.y, clip: clip)
        }
        for v in yTicks {
            let row = mapping.dotY(v) / 4
            guard row >= 0, row < plot.height, !labelled[row] else { continue }
            labelled[row] = true
            let inBand = bandRows.contains(row) && band != nil
            screen.setNarrow(inBand ? "┫" : "┤", x: axisX, y: plot.y + row, style: .plain)
            var label = TextWidth.pad(ChartFormat.number(v), to: numberWidth, alignment: .right)
            if showValueLabels, let vl = valueLabels[Int(v)] {
                label += " " + vl
            }
            let clip = Rect(x: gutterX, y: plot.y + row, width: axisX - gutterX - 1, height: 1)
            screen.put(label, x: gutterX, y: plot.y + row, clip: clip)
        }
        for c in cutoffs where c.value >= yRange.lowerBound && c.value <= yRange.upperBound {
            let row = mapping.dotY(c.value) / 4
            guard row >= 0, row < plot.height, !labelled[row] else { continue }
            labelled[row] = true
            let label = TextWidth.pad(ChartFormat.number(c.value), to: numberWidth, alignment: .right)
            let clip = Rect(x: gutterX, y: plot.y + row, width: axisX - gutterX - 1, height: 1)
            screen.put(label, x: gutterX, y: plot.y + row, style: cutoffStyle, clip: clip)
        }
        if mapping.sessionCount == 0 {
            CenteredMessage("no data", style: .dim).render(into: &screen, in: plot)
        }
    }

    /// Plots one series: a vertical min–max run per dot column, and lines between consecutive
    /// present sessions. Missing sessions break the line.
    func plotSeries(_ values: [Double?], on canvas: inout BrailleCanvas, mapping: ChartMapping, owner: UInt8) {
        var bucketX = -1
        var bucketMin = 0
        var bucketMax = 0
        var prevX = 0
        var prevY = 0
        var hasPrev = false
        for j in values.indices {
            guard let v = values[j], v.isFinite else {
                hasPrev = false
                continue
            }
            let x = mapping.dotX(j)
            let y = mapping.dotY(v)
            if x != bucketX {
                if bucketX >= 0 { canvas.verticalLine(x: bucketX, from: bucketMin, to: bucketMax, owner: owner) }
                if hasPrev { canvas.line(from: prevX, prevY, to: x, y, owner: owner) }
                bucketX = x
                bucketMin = y
                bucketMax = y
            } else {
                if y < bucketMin { bucketMin = y }
                if y > bucketMax { bucketMax = y }
            }
            prevX = x
            prevY = y
            hasPrev = true
        }
        if bucketX >= 0 { canvas.verticalLine(x: bucketX, from: bucketMin, to: bucketMax, owner: owner) }
    }

    // MARK: - X axis and legend

    /// Sessions that get an x tick, with their cell column inside the plot.
    func xTicks(plotColumns: Int, mapping: ChartMapping) -> [(session: Int, column: Int)] {
        let n = mapping.sessionCount
        guard n > 0 else { return [] }
        let last = firstSession + n - 1
        if n == 1 { return [(firstSession, 0)] }
        let labelWidth = max(String(last).count, String(firstSession).count)
        let cellsPerSession = Double(mapping.dotColumns - 1) / Double(n - 1) / 2
        let step = ChartFormat.step(perUnit: cellsPerSession, minimum: Double(labelWidth + 2))
        var ticks: [(Int, Int)] = []
        var s = ((firstSession + step - 1) / step) * step
        if firstSession <= 0 { s = firstSession - firstSession % step }
        if s != firstSession {
            let gap = Double(s - firstSession) * cellsPerSession
            if gap >= Double(labelWidth + 1) || s > last { ticks.append((firstSession, 0)) }
        }
        while s <= last {
            ticks.append((s, mapping.dotX(s - firstSession) / 2))
            s += step
        }
        return ticks
    }

    private func drawXAxis(
        into screen: inout Screen, axisRow: Rect, labelRow: Rect?, axisX: Int, plotColumns: Int,
        mapping: ChartMapping, clip: Rect
    ) {
        let y = axisRow.y
        screen.setNarrow("└", x: axisX, y: y, style: .plain)
        for c in 0..<plotColumns { screen.setNarrow("─", x: axisX + 1 + c, y: y, style: .plain) }
        let ticks = xTicks(plotColumns: plotColumns, mapping: mapping)
        var nextFree = axisX + 1
        for t in ticks {
            let x = axisX + 1 + t.column
            screen.setNarrow("┬", x: x, y: y, style: .plain)
            guard let labelRow else { continue }
            let text = String(t.session)
            let w = text.count
            var lx = x - (w - 1) / 2
            lx = min(max(lx, axisX + 1), clip.maxX - w)
            guard lx >= nextFree else { continue }
            screen.put(text, x: lx, y: labelRow.y, clip: clip)
            nextFree = lx + w + 1
        }
        if let labelRow, ticks.isEmpty == false, axisX - clip.x >= 8 {
            screen.put(
                "session", x: clip.x, y: labelRow.y, style: .dim,
                clip: Rect(x: clip.x, y: labelRow.y, width: axisX - clip.x, height: 1))
        }
        for e in events {
            let j = e.session - firstSession
            guard j >= 0, j < mapping.sessionCount else { continue }
            let style = colorMode == .none ? Style.bold : Style(fg: Palette.blue, bold: true)
            screen.setNarrow(String(e.symbol), x: axisX + 1 + mapping.dotX(j) / 2, y: y, style: style)
        }
    }

    /// One legend entry: a symbol in a style, and a text.
    struct LegendItem: Equatable {
        var symbol: String
        var style: Style
        var text: String
    }

    func legendItems(smallMultiples: Bool) -> [LegendItem] {
        var items: [LegendItem] = []
        // Series are named in the legend unless each has its own panel header.
        if !smallMultiples && !(series.count == 1 && series[0].name.isEmpty) {
            for i in series.indices {
                items.append(
                    LegendItem(
                        symbol: String(marker(ofSeries: i)), style: seriesStyle(i).emboldened, text: series[i].name))
            }
        }
        let dim = colorMode == .none ? Style.dim : Style(fg: Palette.grey)
        for c in cutoffs { items.append(LegendItem(symbol: "┄", style: dim, text: c.label)) }
        var seen = Set<String>()
        for m in markers where seen.insert("\(m.symbol)\u{0}\(m.label)").inserted {
            let style = colorMode == .none ? Style.bold : Style(fg: Palette.vermillion, bold: true)
            items.append(LegendItem(symbol: String(m.symbol), style: style, text: m.label))
        }
        for e in events where seen.insert("\(e.symbol)\u{0}\(e.label)").inserted {
            let style = colorMode == .none ? Style.bold : Style(fg: Palette.blue, bold: true)
            items.append(LegendItem(symbol: String(e.symbol), style: style, text: e.label))
        }
        if let band {
            let style = colorMode == .none ? Style.plain : Style(bg: .indexed(236, fallback: 0))
            items.append(LegendItem(symbol: "┃", style: style, text: band.label))
        }
        if let expectation {
            items.append(
                LegendItem(symbol: ChartExpectation.expectedSymbol, style: dim, text: expectation.expectedLabel))
            let style = colorMode == .none ? Style.dim : Style(fg: Palette.grey, bg: .indexed(236, fallback: 0))
            items.append(LegendItem(symbol: ChartExpectation.bandSymbol, style: style, text: expectation.bandLabel))
        }
        return items
    }

    /// Width of the legend on one line.
    private func legendWidth(_ items: [LegendItem]) -> Int {
        items.reduce(0) { $0 + TextWidth.displayWidth($1.symbol) + 1 + TextWidth.displayWidth($1.text) }
            + 2 * max(0, items.count - 1)
    }

    /// Draws the legend items over the rows of `area`, wrapping between items; items that do
    /// not fit are replaced by `…`.
    private func drawLegend(into screen: inout Screen, row area: Rect, items: [LegendItem]) {
        var x = area.x
        var y = area.y
        for (k, item) in items.enumerated() {
            let w = TextWidth.displayWidth(item.symbol) + 1 + TextWidth.displayWidth(item.text)
            let lastRow = y == area.maxY - 1
            let remaining = items.count - k - 1
            let reserve = lastRow && remaining > 0 ? 3 : 0
            let sep = x == area.x ? 0 : 2
            if x + sep + w + reserve > area.maxX {
                if !lastRow && x != area.x {
                    y += 1
                    x = area.x
                } else {
                    let row = Rect(x: area.x, y: y, width: area.width, height: 1)
                    screen.put(x == area.x ? "…" : "  …", x: x, y: y, style: .dim, clip: row)
                    return
                }
            }
            let row = Rect(x: area.x, y: y, width: area.width, height: 1)
            if x != area.x { x += 2 }
            x = screen.put(item.symbol, x: x, y: y, style: item.style, clip: row)
            x = screen.put(" " + item.text, x: x, y: y, clip: row)
        }
    }
}

extension Style {
    /// The same style in bold.
    var emboldened: Style {
        var s = self
        s.bold = true
        return s
    }
}
