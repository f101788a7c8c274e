/// Why a run loop ended.
public enum AppExit: Sendable, Equatable {
    /// The user quit (or a battery in rate mode ended).
    case quit
    /// The home menu asked for kiosk mode.
    case startKiosk
    /// The home menu asked for the review screens.
    case startReview
    /// Input ended or a terminating signal arrived (the caller checks which).
    case inputEnded
}
