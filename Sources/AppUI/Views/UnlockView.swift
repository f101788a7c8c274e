import AppCore
import ScreenKit

/// Kiosk: the therapist passphrase prompt for leaving kiosk mode (typed characters masked).
enum UnlockView {
    static func render(_ entry: TextEntry, into screen: inout Screen, theme: Theme) {
        let hints = [KeyHints.Hint("Enter", "leave kiosk"), KeyHints.Hint("Esc", "back")]
        let body = Chrome(title: "Leave kiosk", hints: hints, notice: entry.notice).render(into: &screen, theme: theme)
        guard body.height >= 3 else { return }
        screen.put("Therapist passphrase:", x: body.x, y: body.y, style: .bold)
        let masked = String(repeating: "•", count: min(entry.text.count, body.width - 2))
        screen.put("> " + masked, x: body.x, y: body.y + 2)
        screen.cursor = Position(x: body.x + 2 + TextWidth.displayWidth(masked), y: body.y + 2)
    }
}
