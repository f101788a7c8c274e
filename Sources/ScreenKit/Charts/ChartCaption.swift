/// The plain sentence under a chart: wrapped to the chart's width in as many rows as it needs,
/// as long as the chart keeps five rows (only then does the last row end in "…"). Used by the
/// review screens' charts and by `rapport chart`.
public enum ChartCaption {
    /// Draws `sentence` at the bottom of `rect` and returns the rows above it, for the chart.
    /// Draws nothing outside `rect`; with no room, draws nothing and returns `rect`.
    public static func draw(
        _ sentence: String, into screen: inout Screen, in rect: Rect, style: Style = .plain
    )
        -> Rect
    {
        let r = rect.intersection(screen.bounds)
        guard !r.isEmpty, !sentence.isEmpty else { return r }
        let lines = TextWidth.wrap(sentence, width: r.width)
        let rows = min(lines.count, max(0, r.height - 5))
        let split = r.splitBottom(rows)
        for (i, line) in lines.prefix(rows).enumerated() {
            var text = line
            if i == rows - 1 && lines.count > rows {
                text = TextWidth.truncate(line + " …", width: r.width)
            }
            screen.put(text, x: r.x, y: split.bottom.y + i, style: style, clip: split.bottom)
        }
        return split.rest
    }
}
