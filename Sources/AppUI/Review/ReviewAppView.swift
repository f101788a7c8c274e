import AppCore
import ScreenKit

/// The review screens' view: `ReviewState → Screen`, pure. Below 40×12 only a notice asking to
/// enlarge the terminal is drawn.
public enum ReviewAppView {
    /// Draws `state` for a terminal of `size` showing `colorMode`.
    public static func render(_ state: ReviewState, size: Size, colorMode: ColorMode = .none) -> Screen {
        var screen = Screen(size: size)
        let theme = Theme(colorMode: colorMode)
        guard size.width >= Chrome.minimumSize.width, size.height >= Chrome.minimumSize.height else {
            CenteredMessage("Please enlarge the terminal (at least 40×12).", style: .bold)
                .render(into: &screen, in: screen.bounds)
            return screen
        }
        switch state.screen {
        case .locked(let entry):
            ReviewLockView.render(entry, into: &screen, theme: theme)
        case .loading(let text):
            let body = Chrome(title: "rapport review", hints: [KeyHints.Hint("q", "quit")]).render(
                into: &screen, theme: theme)
            CenteredMessage(text).render(into: &screen, in: body)
        case .caseload:
            CaseloadView.render(state.caseload, notice: state.notice, into: &screen, theme: theme, colorMode: colorMode)
        case .dashboard:
            if let d = state.dashboard {
                DashboardView.render(d, notice: state.notice, into: &screen, theme: theme, colorMode: colorMode)
            }
        case .session:
            if let s = state.detail {
                SessionDetailView.render(s, notice: state.notice, into: &screen, theme: theme)
            }
        }
        return screen
    }
}

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
