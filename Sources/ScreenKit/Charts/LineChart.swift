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
    var panelsWanted: Bool {
        guard series.count > 1 else { return false }
        switch layout {
        case .overlay: return false
        case .smallMultiples: return true
        case .automatic: return colorMode == .none
        }
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
}

extension Style {
    /// The same style in bold.
    var emboldened: Style {
        var s = self
        s.bold = true
        return s
    }
}
