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
