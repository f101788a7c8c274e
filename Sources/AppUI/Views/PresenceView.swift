import AppCore
import ScreenKit

/// "Are you still there?": replaces a screen that showed earlier answers after a short idle time,
/// so a passer-by sees none of them; any key brings the questions back, and a while later the
/// screen is wiped as on the idle timeout.
enum PresenceView {
    static func render(_ state: AppState, into screen: inout Screen, theme: Theme) {
        let body = Chrome(title: "Are you still there?", hints: [KeyHints.Hint("any key", "continue")], notice: nil)
            .render(into: &screen, theme: theme)
        let seconds = state.settings.presenceLimit
        let rows = CenteredText.render(
            [
                ("Are you still there?", .bold),
                ("Press any key to go on with the questions. Otherwise this screen closes in \(seconds) seconds.", .plain),
            ], into: &screen, in: body)
        if let first = rows.first { screen.cursor = Position(x: body.x, y: first) }
    }
}
