// The y ticks and the x axis.
extension LineChart {
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

    // MARK: - X axis

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

    func drawXAxis(
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
}
