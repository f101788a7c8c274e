import AppCore
import Instruments
import ScreenKit

/// One questionnaire item: the stem, the item text (wrapped, placeholders filled in), the
/// response options with the current choice highlighted and the hardware cursor on it, and a
/// progress line ("Item 4 of 12 · questionnaire 2 of 4").
enum ItemView {
    static func render(_ q: Questionnaire, itemIndex: Int, mode: AppMode, into screen: inout Screen, theme: Theme) {
        // The texts as shown in the client's language (English where no verified translation exists).
        let inst = q.shown
        let t = q.strings
        guard inst.items.indices.contains(itemIndex) else { return }
        let item = inst.items[itemIndex]
        var hints = [
            KeyHints.Hint(QuestionnaireReducer.rangeText(inst), t["hint.choose"]),
            KeyHints.Hint("f", t["hint.finishLater"]),
            KeyHints.Hint("←", t["hint.back"]),
            KeyHints.Hint("?", t["hint.keys"]),
        ]
        if q.canSkip(at: itemIndex) && q.answer(at: itemIndex) == nil {
            hints.append(KeyHints.Hint("s", t["hint.skip"]))
        }
        hints.append(KeyHints.Hint("↑↓", t["hint.move"]))
        hints.append(KeyHints.Hint("Enter", t["hint.confirm"]))
        if mode != .kiosk && q.rater == .therapist { hints.append(KeyHints.Hint("q", t["hint.quit"])) }
        let label = t.text(
            "item.position",
            [
                "item": String(itemIndex + 1), "items": String(inst.items.count), "number": String(q.index + 1),
                "count": String(q.instruments.count),
            ])
        // The bar shows where the rater is (as the label does), not how many items have answers.
        let done = itemIndex + 1
        let chrome = Chrome(
            title: inst.title, hints: hints, notice: q.notice,
            status: { screen, rect in
                ProgressView.render(
                    label: label, done: done, total: inst.items.count, into: &screen, in: rect, theme: theme)
            })
        let body = chrome.render(into: &screen, theme: theme)
        guard !body.isEmpty else { return }

        let itemLines = TextWidth.wrap("\(item.number). " + inst.text(of: item, names: q.names), width: body.width)
        let stemLines = inst.stem.map { TextWidth.wrap(Instrument.fill($0, names: q.names), width: body.width) } ?? []
        let options = inst.responseScale
        let valueWidth = options.map { String($0.value).count }.max() ?? 1
        let optionTexts = options.map {
            TextWidth.pad(String($0.value), to: valueWidth, alignment: .right) + "  " + $0.label
        }

        var y = body.y
        var remaining = body.height
        let core = itemLines.count + options.count
        if !stemLines.isEmpty && core + stemLines.count + 1 <= remaining {
            for line in stemLines {
                screen.put(line, x: body.x, y: y, style: theme.stem)
                y += 1
            }
            y += 1
            remaining -= stemLines.count + 1
        }
        let optionRows = min(options.count, max(min(options.count, 3), remaining - itemLines.count))
        let shownItemLines = min(itemLines.count, max(0, remaining - optionRows))
        for line in itemLines.prefix(shownItemLines) {
            screen.put(line, x: body.x, y: y, style: theme.itemText)
            y += 1
        }
        remaining -= shownItemLines
        if remaining > optionRows {
            y += 1
            remaining -= 1
        }
        let listRect = Rect(x: body.x, y: y, width: body.width, height: min(optionRows, remaining))
        SelectList(items: optionTexts, selected: q.highlighted, numbered: false, selectedStyle: theme.selected)
            .render(into: &screen, in: listRect)
        if q.highlighted == nil, !listRect.isEmpty {
            screen.cursor = Position(x: listRect.x, y: listRect.y)
        }
    }
}
