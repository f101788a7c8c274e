import AppCore
import ScreenKit

/// The whole view: `state → Screen`, pure. Below 40×12 only a notice asking to enlarge the
/// terminal is drawn.
public enum AppView {
    /// Draws `state` for a terminal of `size` showing `colorMode`.
    public static func render(_ state: AppState, size: Size, colorMode: ColorMode = .none) -> Screen {
        var screen = Screen(size: size)
        let theme = Theme(colorMode: colorMode)
        guard size.width >= Chrome.minimumSize.width, size.height >= Chrome.minimumSize.height else {
            CenteredMessage(state.strings["screen.enlarge"], style: .bold)
                .render(into: &screen, in: screen.bounds)
            return screen
        }
        if state.askingPresence {
            PresenceView.render(state, into: &screen, theme: theme)
            return screen
        }
        switch state.phase {
        case .home(let selected, let notice):
            HomeView.render(selected: selected, notice: notice, into: &screen, theme: theme)
        case .clientPrompt(let entry, let rater):
            ClientPromptView.render(entry, rater: rater, into: &screen, theme: theme)
        case .welcome(let entry):
            WelcomeView.render(entry, state: state, into: &screen, theme: theme)
        case .unlock(let entry):
            UnlockView.render(entry, into: &screen, theme: theme)
        case .locked(let lock):
            LockView.render(lock, strings: state.strings, into: &screen, theme: theme)
        case .form(let form):
            FormView.render(form, into: &screen, theme: theme)
        case .opening:
            CenteredMessage(state.strings["screen.opening"]).render(into: &screen, in: screen.bounds)
        case .questionnaire(let q):
            switch q.step {
            case .intro: IntroView.render(q, mode: state.mode, into: &screen, theme: theme)
            case .item(let i): ItemView.render(q, itemIndex: i, mode: state.mode, into: &screen, theme: theme)
            case .review: ReviewView.render(q, mode: state.mode, into: &screen, theme: theme)
            }
        case .thanks(let farewell):
            ThanksView.render(farewell, mode: state.mode, strings: state.strings, into: &screen, theme: theme)
        case .message(let notice):
            MessageView.render(notice, strings: state.strings, into: &screen, theme: theme)
        }
        if state.showingHelp { HelpView.render(state, into: &screen, theme: theme) }
        return screen
    }
}
