import AppCore
import ScreenKit

/// The caseload: one row per client, most urgent first; `/` filters; the highlighted client's
/// alerts in full under the table.
enum CaseloadView {
    static func render(
        _ caseload: CaseloadState, notice: String?, into screen: inout Screen, theme: Theme, colorMode: ColorMode
    ) {
        let styles = ReviewStyles(colorMode: colorMode)
        let withAlerts = caseload.entries.filter { !$0.alerts.isEmpty }.count
        let n = caseload.entries.count
        let title = "Caseload — \(n) client\(n == 1 ? "" : "s"), \(withAlerts) with alerts"
        let hints: [KeyHints.Hint] =
            caseload.editingFilter
            ? [KeyHints.Hint("Enter", "keep filter"), KeyHints.Hint("Esc", "clear"), KeyHints.Hint("↑↓", "move")]
            : [
                KeyHints.Hint("↑↓", "move"), KeyHints.Hint("Enter", "open"), KeyHints.Hint("/", "filter"),
                KeyHints.Hint("Esc", caseload.filter.isEmpty ? "back" : "clear filter"), KeyHints.Hint("q", "quit"),
            ]
        var body = Chrome(title: title, hints: hints, notice: notice).render(into: &screen, theme: theme)
        guard body.height >= 4 else { return }

        if caseload.editingFilter || !caseload.filter.isEmpty {
            let label = "Filter: "
            var x = screen.put(label, x: body.x, y: body.y, style: .bold)
            x = screen.put(caseload.filter, x: x, y: body.y, clip: body)
            if caseload.editingFilter { screen.cursor = Position(x: min(x, body.maxX - 1), y: body.y) }
            let count = "  \(caseload.visible.count) of \(n)"
            screen.put(count, x: x, y: body.y, style: .dim, clip: body)
            body = body.splitTop(1).rest
        }

        // The highlighted client's alerts in words, under the table.
        var detailLines: [String] = []
        if let entry = caseload.selectedEntry, body.height >= 8 {
            let words = entry.alerts.map(\.wording)
            let text =
                words.isEmpty ? "\(entry.client): no alerts." : "\(entry.client): " + words.joined(separator: "; ")
            let wrapped = TextWidth.wrap(text, width: body.width)
            let room = body.height >= 14 ? 3 : 2
            detailLines = Array(wrapped.prefix(room))
            if wrapped.count > room, let last = detailLines.popLast() {
                detailLines.append(TextWidth.truncate(last + " …", width: body.width))
            }
        }
        let split = body.splitBottom(detailLines.isEmpty ? 0 : detailLines.count + 1)
        for (i, line) in detailLines.enumerated() {
            screen.put(line, x: body.x, y: split.bottom.y + 1 + i, style: .dim, clip: split.bottom)
        }
        let table = split.rest
        let rows = table.height - 2
        let offset = caseload.selected < max(1, rows) ? 0 : caseload.selected - rows + 1
        let shown = caseload.visible.dropFirst(offset).prefix(max(0, rows)).map { caseload.entries[$0] }
        let widths = columnWidths(caseload, shown: shown, width: table.width)
        let columns = CaseloadEntry.Column.allCases
        func draw(_ cells: [String], alerts: [ReviewAlert]? = nil, y: Int, style: (CaseloadEntry.Column) -> Style) {
            var x = table.x
            for c in columns {
                let w = widths[c.rawValue]
                guard w > 0 else { continue }
                var text =
                    c == .alerts && alerts != nil
                    ? fitAlerts(alerts ?? [], width: w) : TextWidth.truncate(cells[c.rawValue], width: w)
                text = TextWidth.pad(text, to: w, alignment: c.isNumeric ? .right : .left)
                screen.put(text, x: x, y: y, style: style(c), clip: table)
                x += w + 2
            }
        }
        draw(columns.map(\.title), y: table.y) { _ in .bold }
        screen.put(String(repeating: "─", count: table.width), x: table.x, y: table.y + 1, style: theme.rule)
        guard rows > 0 else { return }
        if caseload.visible.isEmpty {
            screen.put(
                caseload.entries.isEmpty ? "No clients yet." : "No client matches the filter.", x: table.x,
                y: table.y + 2, style: .dim)
            return
        }
        for (i, entry) in shown.enumerated() {
            let y = table.y + 2 + i
            let isSelected = offset + i == caseload.selected
            if isSelected {
                screen.put(String(repeating: " ", count: table.width), x: table.x, y: y, style: styles.selected)
            }
            draw(entry.cells, alerts: entry.alerts, y: y) { column in
                if isSelected { return styles.selected }
                if column == .alerts, let top = entry.topAlert { return styles.style(top.kind) }
                return .plain
            }
        }
        if caseload.visible.count > rows {
            let more = "\(offset + 1)–\(min(offset + rows, caseload.visible.count)) of \(caseload.visible.count)"
            screen.put(more, x: table.maxX - TextWidth.displayWidth(more), y: table.y + 1, style: .dim)
        }
    }

    /// Whole alerts that fit in `width`, then "+N" for the rest ("rupture s11 +2"): an alert is
    /// never cut, so "falling s12" cannot read as "falling s1". Raters shrink to initials
    /// ("rupture s11 (C+T)"), then go (the footer names them), before an alert is left out, and the most urgent alert always shows:
    /// when even its compact text does not fit, its label is cut with "…" (never its session number)
    /// rather than hidden behind "+N".
    static func fitAlerts(_ alerts: [ReviewAlert], width: Int) -> String {
        // As many alerts as fit: for each count, the full texts, then the compact ones, then the bare ones.
        let styles = [alerts.map(\.shortText), alerts.map(\.compactText), alerts.map(\.bareText)]
        for k in stride(from: alerts.count, through: 1, by: -1) {
            for labels in styles {
                var text = labels.prefix(k).joined(separator: ", ")
                if k < labels.count { text += " +\(labels.count - k)" }
                if TextWidth.displayWidth(text) <= width { return text }
            }
        }
        guard let first = alerts.first else { return "" }
        let more = alerts.count > 1 ? " +\(alerts.count - 1)" : ""
        let room = width - TextWidth.displayWidth(more) - TextWidth.displayWidth(first.sessionSuffix)
        if room >= 2 { return TextWidth.truncate(first.kind.label, width: room) + first.sessionSuffix + more }
        return TextWidth.truncate(first.bareText, width: width)
    }

    /// Column widths for `width` cells: the fixed columns at their natural width over the whole
    /// caseload (client id at most 12), then the outcome and alerts share the rest (outcome at
    /// most the longest text among the rows shown).
    static func columnWidths(_ caseload: CaseloadState, shown: [CaseloadEntry], width: Int) -> [Int] {
        let columns = CaseloadEntry.Column.allCases
        var widths = columns.map { TextWidth.displayWidth($0.title) }
        let longestID = caseload.entries.reduce(0) { max($0, $1.client.rawValue.count) }
        let mostSessions = caseload.entries.reduce(0) { max($0, $1.sessions) }
        widths[CaseloadEntry.Column.client.rawValue] = min(12, max(widths[0], longestID))
        widths[CaseloadEntry.Column.sessions.rawValue] = max(widths[1], String(mostSessions).count)
        widths[CaseloadEntry.Column.last.rawValue] = 10
        let sample = shown
        var fixed = columns.filter { $0 != .outcome && $0 != .alerts }.reduce(0) { $0 + widths[$1.rawValue] + 2 }
        // A narrow terminal (60 columns) leaves out the date so the outcome and alerts stay readable.
        if width - fixed - 2 < 30 {
            fixed -= widths[CaseloadEntry.Column.last.rawValue] + 2
            widths[CaseloadEntry.Column.last.rawValue] = 0
        }
        let rest = max(0, width - fixed - 2)
        let longestOutcome = sample.reduce(7) { max($0, TextWidth.displayWidth($1.outcomeText)) }
        let outcome = min(longestOutcome, max(7, rest * 2 / 5))
        widths[CaseloadEntry.Column.outcome.rawValue] = outcome
        widths[CaseloadEntry.Column.alerts.rawValue] = max(0, rest - outcome)
        return widths
    }
}
