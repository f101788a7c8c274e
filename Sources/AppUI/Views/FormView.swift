import AppCore
import ScreenKit

/// Home menu, after the passphrase: a therapist form (add a client, make a kiosk code).
enum FormView {
    static func render(_ form: HomeForm, into screen: inout Screen, theme: Theme) {
        let hints = [KeyHints.Hint("Enter", "next"), KeyHints.Hint("Esc", "back to the menu")]
        let body = Chrome(title: form.title, hints: hints, notice: form.entry.notice).render(
            into: &screen, theme: theme)
        guard body.height >= 3 else { return }
        var y = body.y
        for line in TextWidth.wrap(form.label, width: body.width).prefix(max(1, body.height - 2)) {
            screen.put(line, x: body.x, y: y, style: .bold)
            y += 1
        }
        let end = screen.put("> " + form.entry.text, x: body.x, y: y, clip: body)
        screen.cursor = Position(x: min(end, body.maxX - 1), y: y)
    }
}
