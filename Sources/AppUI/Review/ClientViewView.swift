import AppCore
import ScreenKit

/// The locked client view: the client's own charts in plain words, under a neutral title. The
/// only way out is Esc, then the therapist passphrase (typed characters masked).
enum ClientViewView {
    /// Rows a chart needs to be worth showing (title, plot, axis, labels, legend, sentence).
    static let minimumChartRows = 9

    static func render(_ view: ClientViewState, into screen: inout Screen, theme: Theme, colorMode: ColorMode) {
        let hints =
            view.unlock == nil
            ? [KeyHints.Hint("Esc", "therapist")]
            : [KeyHints.Hint("Enter", "unlock"), KeyHints.Hint("Esc", "back to the charts")]
        var body = Chrome(title: "Your progress", hints: hints, notice: view.unlock?.notice).render(
            into: &screen, theme: theme)
        guard body.height >= 3 else { return }
        if let entry = view.unlock {
            let split = body.splitBottom(min(3, body.height))
            screen.put("Therapist passphrase:", x: body.x, y: split.bottom.y, style: .bold, clip: split.bottom)
            let masked = String(repeating: "•", count: min(entry.text.count, max(0, body.width - 2)))
            screen.put("> " + masked, x: body.x, y: split.bottom.y + 1, clip: split.bottom)
            screen.cursor = Position(x: body.x + 2 + TextWidth.displayWidth(masked), y: split.bottom.y + 1)
            body = split.rest
        }
        let charts = shown(view.content.charts, rows: body.height)
        guard !charts.isEmpty else {
            CenteredMessage("No scores to show yet.").render(into: &screen, in: body)
            return
        }
        let height = body.height / charts.count
        for (i, item) in charts.enumerated() {
            let y = body.y + i * height
            let cell = Rect(
                x: body.x, y: y, width: body.width, height: i == charts.count - 1 ? body.maxY - y : height - 1)
            guard cell.height >= 2 else { continue }
            let split = cell.splitTop(1)
            screen.put(
                TextWidth.truncate(item.title, width: cell.width), x: cell.x, y: cell.y, style: .bold, clip: cell)
            let chart = LineChart(item.chart, colorMode: colorMode)
            let chartRect = ChartCaption.draw(item.sentence, into: &screen, in: split.rest, style: .bold)
            chart.render(into: &screen, in: chartRect)
        }
    }

    /// The charts that fit in `rows`: all of them, or the first outcomes and the alliance chart.
    static func shown(_ charts: [ClientViewChart], rows: Int) -> [ClientViewChart] {
        let n = max(1, rows / minimumChartRows)
        guard charts.count > n else { return charts }
        guard n > 1, let last = charts.last else { return Array(charts.prefix(1)) }
        return Array(charts.prefix(n - 1)) + [last]
    }
}
