import AppCore
import Instruments
import ScreenKit

/// An instrument's intro: its place in the battery, the number of items, the instructions.
enum IntroView {
    static func render(_ q: Questionnaire, mode: AppMode, into screen: inout Screen, theme: Theme) {
        let inst = q.instrument
        var hints = [KeyHints.Hint("Enter", "begin"), KeyHints.Hint("f", "finish later"), KeyHints.Hint("?", "keys")]
        if mode != .kiosk && q.rater == .therapist { hints.append(KeyHints.Hint("q", "quit")) }
        let body = Chrome(title: inst.title, hints: hints, notice: q.notice).render(into: &screen, theme: theme)
        guard !body.isEmpty else { return }
        var lines: [(String, Style)] = []
        lines.append(("Questionnaire \(q.index + 1) of \(q.instruments.count) · \(inst.items.count) items", .bold))
        lines.append(("", .plain))
        for line in TextWidth.wrap(q.instructions, width: body.width) {
            lines.append((line, .plain))
        }
        lines.append(("", .plain))
        lines.append(("Press Enter to begin.", .plain))
        // The support sentence (the same for every client, after the first questionnaire) when
        // it fits with the instructions, which come first.
        let support = TextWidth.wrap(ClientWording.support, width: body.width)
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
