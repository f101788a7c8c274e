import AppCore
import Instruments
import ScreenKit

/// Home mode: asks the therapist for the client id and who rates.
enum ClientPromptView {
    static func render(_ entry: TextEntry, rater: Rater, into screen: inout Screen, theme: Theme) {
        let hints = [KeyHints.Hint("Enter", "open"), KeyHints.Hint("Tab", "who rates"), KeyHints.Hint("Esc", "back")]
        let body = Chrome(title: "Start rating", hints: hints, notice: entry.notice).render(into: &screen, theme: theme)
        guard body.height >= 4 else { return }
        screen.put("Client id:", x: body.x, y: body.y, style: .bold)
        let end = screen.put("> " + entry.text, x: body.x, y: body.y + 1)
        let who = rater == .client ? "(•) client  ( ) therapist" : "( ) client  (•) therapist"
        screen.put("Who rates: " + who, x: body.x, y: body.y + 3)
        screen.cursor = Position(x: min(end, body.maxX - 1), y: body.y + 1)
    }
}
