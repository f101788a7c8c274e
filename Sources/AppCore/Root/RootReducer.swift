import Foundation

/// The root program's reducer: runs ``AppReducer`` or ``ReviewReducer`` for the part on screen and
/// turns their mode changes into state changes. From the home menu, `startKiosk` and `startReview`
/// switch to a fresh kiosk or review state; leaving the kiosk (with the passphrase) or the review
/// comes back to a fresh home menu. Started elsewhere (`rapport rate`, `kiosk`, `review`), their
/// `quit` ends the run as before. Pure, like the reducers it runs.
public enum RootReducer {
    public static func reduce(_ state: inout RootState, _ action: RootAction, now: Date) -> [RootEffect] {
        switch (state.screen, action) {
        case (.app(var app), .app(let a)):
            let effects = AppReducer.reduce(&app, a, now: now)
            state.screen = .app(app)
            return route(&state, app: effects, now: now)
        case (.app(var app), .tick):
            let effects = AppReducer.reduce(&app, .tick, now: now)
            state.screen = .app(app)
            return route(&state, app: effects, now: now)
        case (.review(var review), .review(let a)):
            let effects = ReviewReducer.reduce(&review, a, now: now)
            state.screen = .review(review)
            return route(&state, review: effects, now: now)
        case (.review(var review), .tick):
            let effects = ReviewReducer.reduce(&review, .tick, now: now)
            state.screen = .review(review)
            return route(&state, review: effects, now: now)
        case (.app, .review), (.review, .app):
            // The result of work started by a part that is no longer on screen.
            return []
        }
    }

    /// The home menu, fresh (as a new start of `rapport` shows it).
    static func backHome(_ state: inout RootState, now: Date) {
        state.screen = .app(AppState.start(.home, settings: state.settings, now: now))
    }

    static func route(_ state: inout RootState, app effects: [Effect], now: Date) -> [RootEffect] {
        var out: [RootEffect] = []
        for effect in effects {
            switch effect {
            case .startKiosk:
                state.screen = .app(AppState.start(.kiosk, settings: state.settings, now: now))
                out.append(.purgeExpiredCodes)
            case .startReview:
                state.screen = .review(ReviewState(now: now, idleSeconds: state.reviewIdleSeconds))
            case .quit where state.start == .home && state.app?.mode == .kiosk:
                // The therapist left the kiosk with the passphrase: back to the menu.
                backHome(&state, now: now)
            default:
                out.append(.app(effect))
            }
        }
        return out
    }

    static func route(_ state: inout RootState, review effects: [ReviewEffect], now: Date) -> [RootEffect] {
        var out: [RootEffect] = []
        for effect in effects {
            if effect == .quit && state.start == .home {
                // The therapist left the review screens (q or Esc): back to the menu.
                backHome(&state, now: now)
            } else {
                out.append(.review(effect))
            }
        }
        return out
    }
}
