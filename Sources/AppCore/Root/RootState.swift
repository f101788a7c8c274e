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
