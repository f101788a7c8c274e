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
            if let view = state.dashboard?.clientView {
                // Locked and client-facing: nothing of the dashboard, not even its notice.
                ClientViewView.render(view, into: &screen, theme: theme, colorMode: colorMode)
            } else if let d = state.dashboard {
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
