// One panel: its braille canvas (series, cut-offs, band, expectation), point markers and y axis.
extension LineChart {
    func seriesStyle(_ i: Int) -> Style {
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

    func drawPanel(
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
        var labelled = Set<Int>()  // rows that have a label
        for c in cutoffs where c.value >= yRange.lowerBound && c.value <= yRange.upperBound {
            let row = mapping.dotY(c.value) / 4
            screen.setNarrow("┄", x: axisX, y: plot.y + row, style: cutoffStyle)
        }
        if plot.height == 1, yTicks.count == 2 {
            labelled.insert(0)
            screen.setNarrow(band != nil && bandRows.contains(0) ? "┫" : "┤", x: axisX, y: plot.y, style: .plain)
            let clip = Rect(x: gutterX, y: plot.y, width: axisX - gutterX - 1, height: 1)
            screen.put(
                TextWidth.pad(rangeLabel(), to: numberWidth, alignment: .right), x: gutterX, y: plot.y, clip: clip)
        }
        for v in yTicks {
            let row = mapping.dotY(v) / 4
            guard row >= 0, row < plot.height, labelled.insert(row).inserted else { continue }
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
            guard row >= 0, row < plot.height, labelled.insert(row).inserted else { continue }
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
}
