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
