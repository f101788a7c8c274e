import AppCore
import Instruments
import ScreenKit

/// The end-of-instrument review: every answer in a list; a number opens that item, Enter submits.
enum ReviewView {
    static func render(_ q: Questionnaire, mode: AppMode, into screen: inout Screen, theme: Theme) {
        let inst = q.shown
        let t = q.strings
        let count = inst.items.count
        // "finish later" stays visible at 40 columns (shorter there).
        var hints = [
            KeyHints.Hint("1–\(count)", t["hint.change"]), KeyHints.Hint("Enter", t["hint.submit"]),
            KeyHints.Hint("f", screen.width < 60 ? t["hint.later"] : t["hint.finishLater"]),
            KeyHints.Hint("?", t["hint.keys"]), KeyHints.Hint("←", t["hint.back"]),
            KeyHints.Hint("↑↓", t["hint.scroll"]),
        ]
        if mode != .kiosk && q.rater == .therapist { hints.append(KeyHints.Hint("q", t["hint.quit"])) }
        var notice = q.notice
        if !q.pendingNumber.isEmpty {
            notice = t.text("review.pending", ["number": q.pendingNumber])
        }
        if q.saving { notice = t["review.saving"] }
        let label = t.text("review.position", ["number": String(q.index + 1), "count": String(q.instruments.count)])
        let chrome = Chrome(
            title: inst.title, hints: hints, notice: notice,
            status: { screen, rect in
                ProgressView.render(label: label, done: count, total: count, into: &screen, in: rect, theme: theme)
            })
        let body = chrome.render(into: &screen, theme: theme)
        guard !body.isEmpty else { return }
        let intro = TextWidth.wrap(
            t["review.help"], width: body.width)
        var y = body.y
        for line in intro.prefix(max(0, body.height - 1)) {
            screen.put(line, x: body.x, y: y)
            y += 1
        }
        screen.cursor = Position(x: body.x, y: body.y)
        if body.height > intro.count + 3 { y += 1 }
        let rows = body.maxY - y
        guard rows > 0 else { return }
        let numberWidth = String(count).count
        // Narrow screens show only the chosen value, leaving room for the item text.
        let narrow = body.width < 60
        let answerTexts = inst.items.indices.map { i -> String in
            if let v = q.answer(at: i) { return narrow ? "\(v)" : "\(v) " + (inst.label(for: v) ?? "") }
            return q.isSkipped(at: i) ? t["review.skipped"] : "—"
        }
        let widest =
            inst.responseScale.map { TextWidth.displayWidth(narrow ? "\($0.value)" : "\($0.value) \($0.label)") }.max()
            ?? 1
        let answerWidth = min(body.width / 2, max(7, widest))
        let textWidth = body.width - numberWidth - 2 - 2 - answerWidth
        let offset = min(q.reviewOffset, max(0, count - rows))
        for (row, i) in (offset..<count).prefix(rows).enumerated() {
            let item = inst.items[i]
            let number = TextWidth.pad(String(item.number), to: numberWidth, alignment: .right)
            let text = wordTruncate(inst.text(of: item, names: q.names), width: textWidth)
            let line = number + "  " + TextWidth.pad(text, to: textWidth) + "  "
            let x = screen.put(line, x: body.x, y: y + row)
            let style: Style = q.answer(at: i) == nil ? .dim : .bold
            screen.put(TextWidth.truncate(answerTexts[i], width: answerWidth), x: x, y: y + row, style: style)
        }
        if offset > 0 { screen.put("↑", x: body.maxX, y: y, style: .dim) }
        if offset + rows < count { screen.put("↓", x: body.maxX, y: body.maxY - 1, style: .dim) }
    }

    /// Shortens `text` to `width` columns at a word boundary, ending with "…".
    static func wordTruncate(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if TextWidth.displayWidth(text) <= width { return text }
        var out = ""
        for word in text.split(separator: " ") {
            let candidate = out.isEmpty ? String(word) : out + " " + word
            if TextWidth.displayWidth(candidate) + 1 > width { break }
            out = candidate
        }
        if out.isEmpty { return TextWidth.truncate(text, width: width) }
        return out + "…"
    }
}
