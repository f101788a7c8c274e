/// A small 2-D scatter plot, e.g. attachment anxiety × avoidance: braille dots for earlier
/// points, a marker for the newest, dashed quadrant lines at cut points, and axis labels.
public struct ScatterPlot: Sendable, Equatable {
    /// One point.
    public struct Point: Sendable, Equatable {
        /// Horizontal value.
        public var x: Double
        /// Vertical value.
        public var y: Double

        /// Creates a point.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// The points, oldest first; the last is the newest. Non-finite points are skipped.
    public var points: [Point]
    /// Horizontal scale.
    public var xRange: ClosedRange<Double>
    /// Vertical scale.
    public var yRange: ClosedRange<Double>
    /// Vertical quadrant line at this x, if any.
    public var xCut: Double?
    /// Horizontal quadrant line at this y, if any.
    public var yCut: Double?
    /// Name of the horizontal axis (shown under it).
    public var xLabel: String
    /// Name of the vertical axis (shown above it).
    public var yLabel: String
    /// Title in the first row, if any.
    public var title: String?
    /// Symbol for the newest point.
    public var newestMarker: Character
    /// Legend text for the newest point.
    public var newestLabel: String
    /// Colours available.
    public var colorMode: ColorMode

    /// Creates a scatter plot.
    public init(
        points: [Point], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, xCut: Double? = nil,
        yCut: Double? = nil, xLabel: String, yLabel: String, title: String? = nil, newestMarker: Character = "◉",
        newestLabel: String = "latest", colorMode: ColorMode = .none
    ) {
        self.points = points
        self.xRange = xRange
        self.yRange = yRange
        self.xCut = xCut
        self.yCut = yCut
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.title = title
        self.newestMarker = newestMarker
        self.newestLabel = newestLabel
        self.colorMode = colorMode
    }

    /// Draws the plot into `rect`, covering every cell of it.
    public func render(into screen: inout Screen, in rect: Rect) {
        let r = rect.intersection(screen.bounds)
        guard !r.isEmpty else { return }
        screen.fill(r, with: .blank)
        guard r.width >= 10, r.height >= 5 else {
            screen.put(TextWidth.truncate("plot too small", width: r.width), x: r.x, y: r.y, style: .dim, clip: r)
            return
        }
        var area = r
        if let title, !title.isEmpty, area.height >= 7 {
            screen.put(TextWidth.truncate(title, width: r.width), x: r.x, y: r.y, style: .bold, clip: r)
            area = area.splitTop(1).rest
        }
        let yLabelRow = area.y
        area = area.splitTop(1).rest
        let bottom = area.splitBottom(3)
        let plotRows = bottom.rest.height
        let axisY = bottom.bottom.y
        let ticksY = axisY + 1
        let xLabelY = axisY + 2

        var yTickValues = [yRange.upperBound, yRange.lowerBound]
        if let yCut { yTickValues.append(yCut) }
        let gutter = yTickValues.map { ChartFormat.number($0).count }.max() ?? 1
        let axisX = r.x + gutter + 1
        let plot = Rect(x: axisX + 1, y: area.y, width: r.maxX - axisX - 1, height: plotRows)
        guard plot.width >= 2, plot.height >= 1 else { return }

        let dotW = plot.width * 2
        let dotH = plot.height * 4
        func dx(_ v: Double) -> Int { scale(v, xRange, dotW, flip: false) }
        func dy(_ v: Double) -> Int { scale(v, yRange, dotH, flip: true) }

        var canvas = BrailleCanvas(columns: plot.width, rows: plot.height)
        if let xCut { canvas.dashedVerticalLine(x: dx(xCut), owner: 2) }
        if let yCut { canvas.dashedHorizontalLine(y: dy(yCut), owner: 2) }
        let valid = points.filter { $0.x.isFinite && $0.y.isFinite }
        for p in valid.dropLast() {
            canvas.set(x: dx(p.x), y: dy(p.y), owner: 1)
        }
        let pointStyle = colorMode == .none ? Style.plain : Style(fg: Palette.skyBlue)
        let cutStyle = colorMode == .none ? Style.dim : Style(fg: Palette.grey)
        for row in 0..<plot.height {
            for col in 0..<plot.width {
                let i = row * plot.width + col
                let b = canvas.bits[i]
                guard b != 0 else { continue }
                screen.setNarrow(
                    scalar: BrailleCanvas.scalar(b), x: plot.x + col, y: plot.y + row,
                    style: canvas.owners[i] == 1 ? pointStyle : cutStyle)
            }
        }
        let newestStyle = colorMode == .none ? Style.bold : Style(fg: Palette.vermillion, bold: true)
        if let newest = valid.last {
            screen.setNarrow(
                String(newestMarker), x: plot.x + dx(newest.x) / 2, y: plot.y + dy(newest.y) / 4, style: newestStyle)
        }

        // Axes.
        for row in 0..<plot.height { screen.setNarrow("│", x: axisX, y: plot.y + row, style: .plain) }
        screen.setNarrow("└", x: axisX, y: axisY, style: .plain)
        for c in 0..<plot.width { screen.setNarrow("─", x: plot.x + c, y: axisY, style: .plain) }
        let labelClip = Rect(x: r.x, y: 0, width: gutter, height: screen.height)
        func yTick(_ v: Double) {
            let row = dy(v) / 4
            screen.setNarrow("┤", x: axisX, y: plot.y + row, style: .plain)
            let text = TextWidth.pad(ChartFormat.number(v), to: gutter, alignment: .right)
            screen.put(text, x: r.x, y: plot.y + row, clip: labelClip)
        }
        yTick(yRange.upperBound)
        yTick(yRange.lowerBound)
        if let yCut { yTick(yCut) }
        let tickClip = Rect(x: r.x, y: ticksY, width: r.width, height: 1)
        func xTick(_ v: Double, align: TextWidth.Alignment) {
            let col = plot.x + dx(v) / 2
            screen.setNarrow("┬", x: col, y: axisY, style: .plain)
            let text = ChartFormat.number(v)
            let w = text.count
            var x: Int
            switch align {
            case .left: x = col
            case .right: x = col - w + 1
            case .center: x = col - (w - 1) / 2
            }
            x = min(max(x, plot.x), r.maxX - w)
            screen.put(text, x: x, y: ticksY, clip: tickClip)
        }
        xTick(xRange.lowerBound, align: .left)
        xTick(xRange.upperBound, align: .right)
        if let xCut {
            let col = plot.x + dx(xCut) / 2
            if col - plot.x > 3 && plot.maxX - col > 3 { xTick(xCut, align: .center) }
        }

        // Labels.
        let top = Rect(x: r.x, y: yLabelRow, width: r.width, height: 1)
        screen.put(TextWidth.truncate("↑ " + yLabel, width: r.width), x: r.x, y: yLabelRow, clip: top)
        let bottomRow = Rect(x: r.x, y: xLabelY, width: r.width, height: 1)
        let xText = TextWidth.truncate(xLabel + " →", width: r.width)
        screen.put(xText, x: r.maxX - TextWidth.displayWidth(xText), y: xLabelY, clip: bottomRow)
        if !valid.isEmpty, r.width - TextWidth.displayWidth(xText) >= TextWidth.displayWidth(newestLabel) + 4 {
            let x = screen.put(String(newestMarker), x: r.x, y: xLabelY, style: newestStyle, clip: bottomRow)
            screen.put(" " + newestLabel, x: x, y: xLabelY, clip: bottomRow)
        }
    }

    /// Maps `v` in `range` to a dot index in `0..<dots` (clamped; `flip` puts the top at 0).
    private func scale(_ v: Double, _ range: ClosedRange<Double>, _ dots: Int, flip: Bool) -> Int {
        let span = range.upperBound - range.lowerBound
        guard span > 0, dots > 1 else { return 0 }
        var f = (v - range.lowerBound) / span
        if flip { f = 1 - f }
        let raw = (f * Double(dots - 1)).rounded()
        if !(raw >= 0) { return 0 }
        return min(dots - 1, Int(raw))
    }
}
