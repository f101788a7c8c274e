import AppCore
import ScreenKit

/// One session's item answers next to the previous session's: risk items first, the items that
/// moved most marked `◆`, risk items answered above their threshold or left unanswered marked `!`.
enum SessionDetailView {
    static func render(_ s: SessionDetailState, notice: String?, into screen: inout Screen, theme: Theme) {
        let detail = s.detail
        var title = "\(detail.client) — session \(detail.session)"
        if let date = detail.date { title += " (\(date))" }
        title += detail.previousSession.map { " vs session \($0)" } ?? ", no earlier session"
        var hints = [KeyHints.Hint("↑↓", "scroll")]
        if detail.riskOpen { hints.append(KeyHints.Hint("a", "acknowledge risk")) }
        hints += [KeyHints.Hint("Esc", "back"), KeyHints.Hint("q", "quit")]
        var body = Chrome(title: title, hints: hints, notice: notice).render(into: &screen, theme: theme)
        guard body.height >= 4 else { return }

        // The session's notes in full, wrapped (at most half the body; only then cut with "…").
        var noteLines: [String] = []
        for note in detail.notes {
            let wrapped = TextWidth.wrap(note, width: max(1, body.width - 2))
            noteLines += wrapped.enumerated().map { ($0.offset == 0 ? "◇ " : "  ") + $0.element }
        }
        let noteRows = min(noteLines.count, max(0, body.height / 2))
        for (i, line) in noteLines.prefix(noteRows).enumerated() {
            let cut = i == noteRows - 1 && noteLines.count > noteRows
            let text = cut ? TextWidth.truncate(line + " …", width: body.width) : line
            screen.put(text, x: body.x, y: body.y, clip: body)
            body = body.splitTop(1).rest
        }
        for line in detail.risk.prefix(3) where body.height > 4 {
            screen.put(
                TextWidth.truncate("! " + line, width: body.width), x: body.x, y: body.y, style: theme.notice,
                clip: body)
            body = body.splitTop(1).rest
        }
        let legend = "! risk item above its threshold or unanswered   ◆ moved most"
        let legendSplit = body.splitBottom(1)
        screen.put(TextWidth.truncate(legend, width: body.width), x: body.x, y: legendSplit.bottom.y, style: .dim)
        body = legendSplit.rest

        if detail.rows.isEmpty {
            screen.put("No answers recorded in this session.", x: body.x, y: body.y, style: .dim, clip: body)
            return
        }
        // Columns: mark, instrument + item, text, now, before, change (+ label when wide).
        let itemWidth = min(
            body.width >= 80 ? 20 : 16,
            detail.rows.reduce(4) { max($0, TextWidth.displayWidth("\($1.instrument) \($1.item)")) })
        /// "WAI-SR (therapist) 12", its name cut when too long but never its item number.
        func itemLabel(_ instrument: String, _ item: Int) -> String {
            let number = " \(item)"
            let full = instrument + number
            if TextWidth.displayWidth(full) <= itemWidth { return full }
            return TextWidth.truncate(instrument, width: max(1, itemWidth - number.count)) + number
        }
        let showLabel = body.width >= 96
        let labelWidth = showLabel ? 18 : 0
        let numbers = 4 + 2 + 6 + 2 + 6
        let textWidth = max(8, body.width - 2 - itemWidth - 2 - numbers - (showLabel ? labelWidth + 2 : 0) - 2)
        func line(
            _ mark: String, _ item: String, _ text: String, _ now: String, _ label: String, _ before: String,
            _ change: String
        ) -> String {
            var out =
                TextWidth.pad(mark, to: 2) + TextWidth.pad(TextWidth.truncate(item, width: itemWidth), to: itemWidth)
                + "  "
            out += TextWidth.pad(TextWidth.truncate(text, width: textWidth), to: textWidth) + "  "
            out += TextWidth.pad(now, to: 4, alignment: .right)
            if showLabel { out += "  " + TextWidth.pad(TextWidth.truncate(label, width: labelWidth), to: labelWidth) }
            out += "  " + TextWidth.pad(before, to: 6, alignment: .right) + "  " + TextWidth.pad(change, to: 6)
            return out
        }
        screen.put(
            line("", "item", "text", "now", "", "before", "change"), x: body.x, y: body.y, style: .bold, clip: body)
        let rows = body.height - 1
        guard rows > 0 else { return }
        let offset = min(s.scroll, max(0, detail.rows.count - rows))
        for (i, r) in detail.rows.dropFirst(offset).prefix(rows).enumerated() {
            let mark = r.riskFlagged ? "!" : r.movedMost ? "◆" : ""
            let change = r.change.map { $0 == 0 ? "0" : ($0 > 0 ? "+\($0)" : "−\(-$0)") } ?? ""
            let text = line(
                mark, itemLabel(r.instrument, r.item), r.text, r.answer.map(String.init) ?? "—", r.answerLabel ?? "",
                r.previous.map(String.init) ?? "—", change)
            let style: Style = r.riskFlagged ? theme.notice : r.movedMost ? .bold : .plain
            screen.put(text, x: body.x, y: body.y + 1 + i, style: style, clip: body)
        }
        if detail.rows.count > rows {
            let more = "rows \(offset + 1)–\(min(offset + rows, detail.rows.count)) of \(detail.rows.count)"
            let x = body.maxX - TextWidth.displayWidth(more)
            if x > body.x + TextWidth.displayWidth(legend) + 2 {
                screen.put(more, x: x, y: legendSplit.bottom.y, style: .dim)
            }
        }
    }
}
