import AppCore
import ScreenKit

/// The calm message after a risk item was answered above its threshold.
enum RiskNoticeView {
    static let text = "Thank you for answering openly. Your therapist will talk with you about how you are doing today."

    static func render(mode: AppMode, into screen: inout Screen, theme: Theme) {
        let body = Chrome(title: "Thank you", hints: [KeyHints.Hint("Enter", "continue")], notice: nil)
            .render(into: &screen, theme: theme)
        let rows = CenteredText.render(
            [(text, .bold), ("Press Enter to continue.", .plain)], into: &screen, in: body)
        if let first = rows.first { screen.cursor = Position(x: body.x, y: first) }
    }
}
