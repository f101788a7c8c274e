import AppCore
import ScreenKit

/// The therapist passphrase prompt that opens the review screens (typed characters masked).
enum ReviewLockView {
    static func render(_ entry: TextEntry, into screen: inout Screen, theme: Theme) {
        let hints = [KeyHints.Hint("Enter", "unlock"), KeyHints.Hint("Esc", "quit")]
        let body = Chrome(title: "rapport review", hints: hints, notice: entry.notice).render(
            into: &screen, theme: theme)
        guard body.height >= 3 else { return }
        screen.put("Therapist passphrase:", x: body.x, y: body.y, style: .bold)
        let masked = String(repeating: "•", count: min(entry.text.count, body.width - 2))
        screen.put("> " + masked, x: body.x, y: body.y + 2)
        screen.cursor = Position(x: body.x + 2 + TextWidth.displayWidth(masked), y: body.y + 2)
    }
}
