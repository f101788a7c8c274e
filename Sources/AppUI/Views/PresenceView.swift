import AppCore
import ScreenKit

/// "Are you still there?": replaces a screen that showed earlier answers after a short idle time,
/// so a passer-by sees none of them; any key brings the questions back, and a while later the
/// screen is wiped as on the idle timeout.
enum PresenceView {
    static func render(_ state: AppState, into screen: inout Screen, theme: Theme) {
        let t = state.strings
        let body = Chrome(
            title: t["presence.title"], hints: [KeyHints.Hint(t["hint.anyKey"], t["hint.continue"])], notice: nil
        )
        .render(into: &screen, theme: theme)
        let seconds = state.settings.presenceLimit
        let rows = CenteredText.render(
            [
                (t["presence.title"], .bold),
                (t.text("presence.text", ["seconds": String(seconds)]), .plain),
            ], into: &screen, in: body)
        if let first = rows.first { screen.cursor = Position(x: body.x, y: first) }
    }
}
