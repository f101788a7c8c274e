import ScreenKit

/// The progress row: a label, then a bar when there is room for one.
enum ProgressView {
    static func render(label: String, done: Int, total: Int, into screen: inout Screen, in rect: Rect, theme: Theme) {
        let end = screen.put(TextWidth.truncate(label, width: rect.width), x: rect.x, y: rect.y, clip: rect)
        let barWidth = rect.maxX - end - 2
        guard barWidth >= 8, total > 0 else { return }
        ProgressBar(
            fraction: Double(done) / Double(total), label: "", filledStyle: theme.progressFilled,
            emptyStyle: theme.progressEmpty
        )
        .render(into: &screen, in: Rect(x: end + 2, y: rect.y, width: min(barWidth, 30), height: 1))
    }
}
