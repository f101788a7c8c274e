import AppCore
import ScreenKit

/// Maps a key to what the therapist meant on the current review screen (nil: nothing).
public enum ReviewKeyBindings {
    public static func action(for key: Key, in state: ReviewState) -> ReviewAction? {
        switch state.screen {
        case .locked:
            return textEntry(key)
        case .loading:
            return key == .char("q") || key == .ctrl("c") ? .quitRequested : nil
        case .caseload:
            if state.caseload.editingFilter {
                switch key {
                case .up: return .highlightMoved(-1)
                case .down: return .highlightMoved(1)
                default: return textEntry(key)
                }
            }
            switch key {
            case .char("/"): return .filterRequested
            default: return navigation(key)
            }
        case .dashboard:
            if let view = state.dashboard?.clientView {
                // Locked: Esc asks for the passphrase; nothing else, not even q or Ctrl-C, leaves.
                if view.unlock != nil { return textEntry(key) }
                return key == .escape ? .backRequested : nil
            }
            if state.dashboard?.discharge != nil {
                switch key {
                case .up, .char("k"): return .highlightMoved(-1)
                case .down, .char("j"): return .highlightMoved(1)
                case .enter: return .confirmRequested
                case .escape: return .backRequested
                default: return nil
                }
            }
            if state.dashboard?.note != nil || state.dashboard?.answer != nil { return textEntry(key) }
            switch key {
            case .char("e"): return .dischargeRequested
            case .char("v"): return .clientViewRequested
            case .tab, .right: return .chartCycled(1)
            case .backTab, .left: return .chartCycled(-1)
            case .char("n"): return .noteRequested
            case .char("c"): return .codeRequested
            case .char("a"): return .acknowledgeRequested
            case .char("r"): return .answerRequested
            default: return navigation(key)
            }
        case .session:
            return key == .char("a") ? .acknowledgeRequested : navigation(key)
        }
    }

    /// Keys of a text field: characters, Backspace, Enter, Esc.
    static func textEntry(_ key: Key) -> ReviewAction? {
        switch key {
        case .enter: return .confirmRequested
        case .backspace, .delete: return .characterErased
        case .escape: return .backRequested
        case .ctrl("c"): return .quitRequested
        case .char(let c): return .characterTyped(c)
        default: return nil
        }
    }

    /// Moving and leaving on the list screens.
    static func navigation(_ key: Key) -> ReviewAction? {
        switch key {
        case .up, .char("k"): return .highlightMoved(-1)
        case .down, .char("j"): return .highlightMoved(1)
        case .pageUp: return .highlightMoved(-ReviewReducer.pageRows)
        case .pageDown: return .highlightMoved(ReviewReducer.pageRows)
        case .home: return .highlightMoved(-1_000_000)
        case .end: return .highlightMoved(1_000_000)
        case .enter: return .confirmRequested
        case .escape, .backspace: return .backRequested
        case .char("q"), .ctrl("c"): return .quitRequested
        default: return nil
        }
    }
}
