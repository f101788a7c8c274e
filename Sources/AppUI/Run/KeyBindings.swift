import AppCore
import ScreenKit

/// Maps a key to what the user meant on the current screen. Keys that mean nothing there give nil.
public enum KeyBindings {
    /// The action for `key` on `state`'s screen, or nil when the key does nothing there.
    public static func action(for key: Key, in state: AppState) -> Action? {
        if key == .paste { return nil }  // pasted text never answers anything
        if state.askingPresence { return key == .resize ? nil : .presenceConfirmed }
        if state.showingHelp { return .helpDismissed }
        switch state.phase {
        case .home:
            if let d = key.digit, let choice = HomeChoice(rawValue: d - 1) { return .menuChosen(choice) }
            switch key {
            case .up: return .highlightMoved(-1)
            case .down: return .highlightMoved(1)
            case .enter: return .confirmRequested
            case .char("q"), .escape, .ctrl("c"): return .quitRequested
            case .char("?"): return .helpRequested
            default: return nil
            }
        case .clientPrompt:
            switch key {
            case .enter: return .confirmRequested
            case .backspace, .delete: return .characterErased
            case .tab: return .raterToggled
            case .escape: return .cancelRequested
            case .char(let c): return .characterTyped(c)
            default: return nil
            }
        case .welcome:
            switch key {
            case .char(let c) where c.isASCII && c.isNumber: return .characterTyped(c)
            // l: the next language (the reducer cycles through those with a string table).
            case .char("l"), .char("L"): return .characterTyped("l")
            case .backspace, .delete, .left: return .characterErased
            case .enter: return .confirmRequested
            case .char("q"), .escape, .ctrl("c"), .ctrl("x"): return .quitRequested
            default: return nil
            }
        case .unlock, .locked, .form:
            switch key {
            case .enter: return .confirmRequested
            case .backspace, .delete: return .characterErased
            case .escape: return .cancelRequested
            case .char(let c): return .characterTyped(c)
            default: return nil
            }
        case .opening:
            return nil
        case .questionnaire(let q):
            return questionnaire(key, q, mode: state.mode)
        case .thanks, .message:
            switch key {
            case .enter: return .confirmRequested
            case .char("q"), .escape: return .quitRequested
            case .char(let c) where state.mode == .kiosk && c.isASCII && c.isNumber: return .characterTyped(c)
            default: return nil
            }
        }
    }

    static func questionnaire(_ key: Key, _ q: Questionnaire, mode: AppMode) -> Action? {
        switch key {
        case .char("?"): return .helpRequested
        case .char("f"): return .finishLaterRequested
        case .char("q"), .ctrl("c"): return mode == .kiosk ? nil : .quitRequested
        default: break
        }
        switch q.step {
        case .intro:
            switch key {
            case .enter: return .confirmRequested
            case .left, .backspace: return .backRequested
            default: return nil
            }
        case .item:
            if let d = key.digit { return .answerChosen(d) }
            switch key {
            case .up: return .highlightMoved(-1)
            case .down: return .highlightMoved(1)
            case .enter: return .confirmRequested
            case .left, .backspace: return .backRequested
            case .char("s"): return .skipRequested
            default: return nil
            }
        case .review:
            if let d = key.digit { return .reviewNumberTyped(d) }
            switch key {
            case .enter: return .confirmRequested
            case .left, .backspace: return .backRequested
            case .up: return .reviewScrolled(-1)
            case .down: return .reviewScrolled(1)
            case .pageUp: return .reviewScrolled(-5)
            case .pageDown: return .reviewScrolled(5)
            default: return nil
            }
        }
    }
}
