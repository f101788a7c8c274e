import AppCore
import ScreenKit

/// The neutral kiosk welcome: asks for the one-time code. Shows nothing about anyone.
enum WelcomeView {
    static func render(_ entry: TextEntry, into screen: inout Screen, theme: Theme) {
        let hints = [KeyHints.Hint("0–9", "code"), KeyHints.Hint("Enter", "open"), KeyHints.Hint("Bksp", "erase")]
        let body = Chrome(title: "Welcome", hints: hints, notice: entry.notice).render(into: &screen, theme: theme)
        let slots = (0..<6).map { i -> String in
            let chars = Array(entry.text)
            return i < chars.count ? String(chars[i]) : "_"
        }
        let field = "[ " + slots.joined(separator: " ") + " ]"
        let rows = CenteredText.render(
            [
                ("Please type the 6-digit code your therapist gave you, then press Enter.", .plain),
                (field, .bold),
            ], into: &screen, in: body)
        if let fieldRow = rows.last {
            let fieldX = body.x + max(0, (body.width - TextWidth.displayWidth(field)) / 2)
            let slot = min(entry.text.count, 5)
            screen.cursor = Position(x: fieldX + 2 + 2 * slot, y: fieldRow)
        }
    }
}
