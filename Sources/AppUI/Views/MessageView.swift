import AppCore
import ScreenKit

/// A full-screen notice (review not yet available, questionnaire closed, cannot open).
enum MessageView {
    static func render(_ notice: Notice, strings t: StringTable, into screen: inout Screen, theme: Theme) {
        let body = Chrome(title: notice.title, hints: [KeyHints.Hint("Enter", t["hint.continue"])], notice: nil)
            .render(into: &screen, theme: theme)
        let rows = CenteredText.render(
            [(notice.text, .plain), (t["message.continue"], .plain)], into: &screen, in: body)
        if let first = rows.first { screen.cursor = Position(x: body.x, y: first) }
    }
}
