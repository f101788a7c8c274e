import AppCore
import ScreenKit

/// `rate` and the home menu: the therapist passphrase before the terminal goes back to the
/// therapist, or before a therapist-only menu entry (typed characters masked). Shows no data.
enum LockView {
    static func render(_ lock: Lock, strings: StringTable, into screen: inout Screen, theme: Theme) {
        // The leave lock faces the client (their language); a menu entry's lock is the therapist's.
        let t: StringTable
        let title: String
        switch lock.purpose {
        case .leave:
            t = strings
            title = t["lock.title"]
        case .menu(let choice):
            t = .english
            title = choice.title
        }
        var hints = [KeyHints.Hint("Enter", t["hint.unlock"])]
        if lock.paused != nil { hints.append(KeyHints.Hint("Esc", t["hint.back"])) }
        if case .menu = lock.purpose { hints.append(KeyHints.Hint("Esc", t["hint.back"])) }
        let body = Chrome(title: title, hints: hints, notice: lock.entry.notice).render(into: &screen, theme: theme)
        guard body.height >= 3 else { return }
        let message = TextWidth.wrap(lock.message, width: body.width)
        let shown = message.prefix(max(0, body.height - 3))
        var y = body.y
        for line in shown {
            screen.put(line, x: body.x, y: y)
            y += 1
        }
        if !shown.isEmpty { y += 1 }
        screen.put(t["lock.passphrase"], x: body.x, y: y, style: .bold)
        let masked = String(repeating: "•", count: min(lock.entry.text.count, body.width - 2))
        screen.put("> " + masked, x: body.x, y: y + 1)
        screen.cursor = Position(x: body.x + 2 + TextWidth.displayWidth(masked), y: y + 1)
    }
}
