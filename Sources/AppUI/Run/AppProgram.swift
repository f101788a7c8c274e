import AppCore
import Foundation
import ScreenKit

/// The client-facing app (home menu, rate, kiosk) as a ``Program``: ``AppReducer`` with
/// ``AppView`` and ``KeyBindings`` on the screen, ``PlainView`` and ``PlainBindings`` in `--plain`.
public enum AppProgram: ScreenProgram, LineProgram {
    public typealias State = AppState
    public typealias Action = AppCore.Action
    public typealias Effect = AppCore.Effect

    public static var tick: Action { .tick }

    public static func reduce(_ state: inout AppState, _ action: Action, now: Date) -> [Effect] {
        AppReducer.reduce(&state, action, now: now)
    }

    public static func command(for effect: Effect) -> RuntimeCommand? {
        switch effect {
        case .clearScreen: return .clearScreen
        case .quit: return .exit(.quit)
        case .startKiosk: return .exit(.startKiosk)
        case .startReview: return .exit(.startReview)
        default: return nil
        }
    }

    /// The key derivations (passphrase, kiosk code) and opening a battery (reads the client's
    /// records). Draft saves are not: every answer key saves one, and its frame follows at once.
    public static func isSlow(_ effect: Effect) -> Bool {
        switch effect {
        case .checkPassphrase, .checkCode, .openBattery: return true
        default: return false
        }
    }

    public static func view(_ state: AppState, size: Size, colorMode: ColorMode) -> Screen {
        AppView.render(state, size: size, colorMode: colorMode)
    }

    public static func action(for key: Key, in state: AppState) -> Action? {
        KeyBindings.action(for: key, in: state)
    }

    public static func prompt(_ state: AppState, showNotice: Bool) -> String {
        PlainView.prompt(state, showNotice: showNotice)
    }

    public static func actions(for line: String, in state: AppState) -> [Action]? {
        PlainBindings.actions(for: line, in: state)
    }

    public static var notUnderstood: String { "Not understood; type ? and Enter for the commands.\n" }

    /// At the kiosk's passphrase prompt and a locked questionnaire's (not at its "are you still there?").
    public static func readsSecret(_ state: AppState) -> Bool {
        switch state.phase {
        case .unlock: return true
        case .locked: return !state.askingPresence
        default: return false
        }
    }

    public static func progress(_ state: AppState) -> String? {
        if case .opening = state.phase { return "Opening…\n" }
        return nil
    }

    /// A number typed on the review page opens that item at once.
    public static func followUp(_ state: AppState) -> Action? {
        if case .questionnaire(let q) = state.phase, q.step == .review, !q.pendingNumber.isEmpty {
            return .confirmRequested
        }
        return nil
    }
}

/// The review screens as a ``Program``: ``ReviewReducer`` with ``ReviewAppView`` and
/// ``ReviewKeyBindings`` on the screen, ``PlainReviewView`` and ``PlainReviewBindings`` in `--plain`.
public enum ReviewProgram: ScreenProgram, LineProgram {
    public typealias State = ReviewState
    public typealias Action = ReviewAction
    public typealias Effect = ReviewEffect

    public static var tick: ReviewAction { .tick }

    public static func reduce(_ state: inout ReviewState, _ action: ReviewAction, now: Date) -> [ReviewEffect] {
        ReviewReducer.reduce(&state, action, now: now)
    }

    public static func command(for effect: ReviewEffect) -> RuntimeCommand? {
        switch effect {
        case .clearScreen: return .clearScreen
        case .quit: return .exit(.quit)
        default: return nil
        }
    }

    /// Every review effect reads or writes the store (and the passphrase check derives a key).
    public static func isSlow(_ effect: ReviewEffect) -> Bool {
        command(for: effect) == nil
    }

    public static func view(_ state: ReviewState, size: Size, colorMode: ColorMode) -> Screen {
        ReviewAppView.render(state, size: size, colorMode: colorMode)
    }

    public static func action(for key: Key, in state: ReviewState) -> ReviewAction? {
        ReviewKeyBindings.action(for: key, in: state)
    }

    public static func prompt(_ state: ReviewState, showNotice: Bool) -> String {
        PlainReviewView.prompt(state, showNotice: showNotice)
    }

    public static func actions(for line: String, in state: ReviewState) -> [ReviewAction]? {
        PlainReviewBindings.actions(for: line, in: state)
    }

    public static var notUnderstood: String { "Not understood.\n" }

    public static func readsSecret(_ state: ReviewState) -> Bool {
        if case .locked = state.screen { return true }
        return false
    }

    /// The wait's text: the loading screen's, or the locked screen's "Checking…".
    public static func progress(_ state: ReviewState) -> String? {
        switch state.screen {
        case .loading(let text): return text + "\n"
        case .locked(let entry): return entry.notice.map { $0 + "\n" }
        default: return nil
        }
    }
}

/// The app on a terminal (curses, or headless in tests).
public typealias AppLoop<T: Terminal> = ScreenRunner<AppProgram, T>
/// The review screens on a terminal.
public typealias ReviewLoop<T: Terminal> = ScreenRunner<ReviewProgram, T>
/// The app as line prompts (`--plain`).
public typealias PlainRunner = LineRunner<AppProgram>
/// The review screens as line prompts (`review --plain`).
public typealias PlainReviewRunner = LineRunner<ReviewProgram>
