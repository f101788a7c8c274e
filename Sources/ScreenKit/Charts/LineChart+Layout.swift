// The arrangement of series in panels (overlay, stacked, grid) and the y gutter of a column.
extension LineChart {
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

    /// Draws one column of panels with its y gutter and its x axis: `groups` are the series of
    /// each panel, top to bottom; with `headers`, each panel has a header row naming its
    /// series. The panels are `slots` tall in all, filled from the bottom, so columns with
    /// fewer panels than slots still end at the shared x-axis row.
    func drawColumn(
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
}
