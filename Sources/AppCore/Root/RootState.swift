import Foundation

/// What `rapport` started as; a run that started at the home menu comes back to it when the
/// kiosk or the review screens are left.
public enum RootStart: Sendable, Equatable {
    /// `rapport` alone: the home menu (rating, kiosk and review are entered from it).
    case home
    /// `rapport rate`: one battery.
    case rate
    /// `rapport kiosk`: the waiting-room loop.
    case kiosk
    /// `rapport review`: the review screens.
    case review
}

/// The whole interactive app in one state: the client-facing app (home menu, rate, kiosk) or the
/// review screens. Switching between them is a state change made by ``RootReducer``, so a run
/// from the home menu into the review and back is one run of one program.
public struct RootState: Sendable, Equatable {
    /// What is running now.
    public enum Screen: Sendable, Equatable {
        /// The home menu, a rating or the kiosk.
        case app(AppState)
        /// The review screens.
        case review(ReviewState)
    }

    /// What is running now.
    public var screen: Screen
    /// What the run started as.
    public var start: RootStart
    /// The settings a home menu, kiosk or rating started from here uses.
    public var settings: AppSettings
    /// Seconds without a key before the review screens lock.
    public var reviewIdleSeconds: Int

    /// A run starting at `start`.
    public init(_ start: RootStart, settings: AppSettings = AppSettings(), reviewIdleSeconds: Int = 300, now: Date) {
        self.start = start
        self.settings = settings
        self.reviewIdleSeconds = reviewIdleSeconds
        switch start {
        case .home: screen = .app(AppState.start(.home, settings: settings, now: now))
        case .rate: screen = .app(AppState.start(.rate, settings: settings, now: now))
        case .kiosk: screen = .app(AppState.start(.kiosk, settings: settings, now: now))
        case .review: screen = .review(ReviewState(now: now, idleSeconds: reviewIdleSeconds))
        }
    }

    /// The client-facing app's state, when it is running.
    public var app: AppState? {
        if case .app(let state) = screen { return state }
        return nil
    }

    /// The review screens' state, when they are running.
    public var review: ReviewState? {
        if case .review(let state) = screen { return state }
        return nil
    }
}

/// An action of the root program: one for the part running now (an action for a part that is no
/// longer running is dropped), or a tick for whichever runs.
public enum RootAction: Sendable, Equatable {
    /// An action of the home menu, a rating or the kiosk.
    case app(Action)
    /// An action of the review screens.
    case review(ReviewAction)
    /// A tick without input (idle timeouts), for the part running now.
    case tick
}

/// An effect of the root program.
public enum RootEffect: Sendable, Equatable {
    /// An effect of the home menu, a rating or the kiosk (never `startKiosk` or `startReview`:
    /// those are state changes here).
    case app(Effect)
    /// An effect of the review screens.
    case review(ReviewEffect)
    /// Remove expired kiosk codes (when the kiosk starts from the home menu).
    case purgeExpiredCodes
}
