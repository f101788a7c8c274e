import AppCore
import Foundation
import ScreenKit

/// The whole interactive app as one ``Program``: ``RootReducer`` over the home menu, rate, kiosk
/// and review. Each part keeps its own view, key bindings and line prompts (``AppProgram``,
/// ``ReviewProgram``); this program picks the part on screen. Entering the kiosk or the review
/// from the home menu, and coming back, are state changes, so `rapport` is one run.
public enum RootProgram: ScreenProgram, LineProgram {
    public typealias State = RootState
    public typealias Action = RootAction
    public typealias Effect = RootEffect

    public static var tick: RootAction { .tick }

    public static func reduce(_ state: inout RootState, _ action: RootAction, now: Date) -> [RootEffect] {
        RootReducer.reduce(&state, action, now: now)
    }

    public static func command(for effect: RootEffect) -> RuntimeCommand? {
        switch effect {
        case .app(let e): return AppProgram.command(for: e)
        case .review(let e): return ReviewProgram.command(for: e)
        case .purgeExpiredCodes: return nil
        }
    }

    public static func isSlow(_ effect: RootEffect) -> Bool {
        switch effect {
        case .app(let e): return AppProgram.isSlow(e)
        case .review(let e): return ReviewProgram.isSlow(e)
        case .purgeExpiredCodes: return false
        }
    }

    public static func view(_ state: RootState, size: Size, colorMode: ColorMode) -> Screen {
        switch state.screen {
        case .app(let s): return AppProgram.view(s, size: size, colorMode: colorMode)
        case .review(let s): return ReviewProgram.view(s, size: size, colorMode: colorMode)
        }
    }

    public static func action(for key: Key, in state: RootState) -> RootAction? {
        switch state.screen {
        case .app(let s): return AppProgram.action(for: key, in: s).map(RootAction.app)
        case .review(let s): return ReviewProgram.action(for: key, in: s).map(RootAction.review)
        }
    }

    public static func prompt(_ state: RootState, showNotice: Bool) -> String {
        switch state.screen {
        case .app(let s): return AppProgram.prompt(s, showNotice: showNotice)
        case .review(let s): return ReviewProgram.prompt(s, showNotice: showNotice)
        }
    }

    public static func actions(for line: String, in state: RootState) -> [RootAction]? {
        switch state.screen {
        case .app(let s): return AppProgram.actions(for: line, in: s)?.map(RootAction.app)
        case .review(let s): return ReviewProgram.actions(for: line, in: s)?.map(RootAction.review)
        }
    }

    public static var notUnderstood: String { AppProgram.notUnderstood }

    public static func notUnderstood(in state: RootState) -> String {
        switch state.screen {
        case .app: return AppProgram.notUnderstood
        case .review: return ReviewProgram.notUnderstood
        }
    }

    public static func readsSecret(_ state: RootState) -> Bool {
        switch state.screen {
        case .app(let s): return AppProgram.readsSecret(s)
        case .review(let s): return ReviewProgram.readsSecret(s)
        }
    }

    public static func progress(_ state: RootState) -> String? {
        switch state.screen {
        case .app(let s): return AppProgram.progress(s)
        case .review(let s): return ReviewProgram.progress(s)
        }
    }

    public static func followUp(_ state: RootState) -> RootAction? {
        switch state.screen {
        case .app(let s): return AppProgram.followUp(s).map(RootAction.app)
        case .review(let s): return ReviewProgram.followUp(s).map(RootAction.review)
        }
    }
}

/// The whole app on a terminal (curses, or headless in tests).
public typealias RootLoop<T: Terminal> = ScreenRunner<RootProgram, T>
