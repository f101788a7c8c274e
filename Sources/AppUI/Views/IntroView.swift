import AppCore
import Instruments
import ScreenKit

/// An instrument's intro: its place in the battery, the number of items, the instructions.
enum IntroView {
    static func render(_ q: Questionnaire, mode: AppMode, into screen: inout Screen, theme: Theme) {
        let inst = q.shown
        let t = q.strings
        var hints = [
            KeyHints.Hint("Enter", t["hint.begin"]), KeyHints.Hint("f", t["hint.finishLater"]),
            KeyHints.Hint("?", t["hint.keys"]),
        ]
        if mode != .kiosk && q.rater == .therapist { hints.append(KeyHints.Hint("q", t["hint.quit"])) }
        let body = Chrome(title: inst.title, hints: hints, notice: q.notice).render(into: &screen, theme: theme)
        guard !body.isEmpty else { return }
        var lines: [(String, Style)] = []
        let position = t.text(
            "intro.position",
            ["number": String(q.index + 1), "count": String(q.instruments.count), "items": String(inst.items.count)])
        lines.append((position, .bold))
        lines.append(("", .plain))
        for line in TextWidth.wrap(q.instructions, width: body.width) {
            lines.append((line, .plain))
        }
        lines.append(("", .plain))
        lines.append((t["intro.begin"], .plain))
        // The support sentence (the same for every client, after the first questionnaire) when
        // it fits with the instructions, which come first.
        let support = TextWidth.wrap(t["client.support"], width: body.width)
        if q.index > 0 && q.rater == .client && lines.count + support.count + 1 <= body.height {
            lines.insert(contentsOf: support.map { ($0, Style.plain) } + [("", .plain)], at: 2)
        }
        var y = body.y
        for (text, style) in lines.prefix(body.height) {
            screen.put(text, x: body.x, y: y, style: style)
            y += 1
        }
        screen.cursor = Position(x: body.x, y: body.y)
    }
}
