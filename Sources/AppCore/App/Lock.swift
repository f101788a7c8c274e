/// A screen that asks for the therapist passphrase before the terminal goes back to the
/// therapist: after a client's battery (or "finish later", or the idle timeout) in `rate` and the
/// home menu, when the client presses `q`, and before the home menu's therapist-only entries.
public struct Lock: Sendable, Equatable {
    /// What the passphrase opens.
    public enum Purpose: Sendable, Equatable {
        /// The client's turn is over (or they asked to leave): the passphrase ends `rate`, or
        /// returns to the home menu.
        case leave
        /// A home-menu entry that only the therapist may open.
        case menu(HomeChoice)
    }

    /// What the passphrase opens.
    public var purpose: Purpose
    /// The passphrase typed so far (shown masked) and a notice (wrong passphrase, wait).
    public var entry: TextEntry
    /// The questionnaire the client left with `q`: Esc returns to it; the idle timeout drops it.
    public var paused: Questionnaire?
    /// The message above the prompt (never a client's data).
    public var message: String

    /// Creates a lock screen.
    public init(purpose: Purpose, entry: TextEntry = TextEntry(), paused: Questionnaire? = nil, message: String) {
        self.purpose = purpose
        self.entry = entry
        self.paused = paused
        self.message = message
    }

    /// After a client's turn ended with everything saved.
    public static let handBack = "Thank you. Please hand the terminal back to your therapist."
    /// After "finish later" with every answer saved.
    public static let savedForLater =
        "Your answers so far are saved; you can finish later. Please hand the terminal back to your therapist."
    /// When a save failed: never claim the answers were kept.
    public static let notSaved =
        "Some answers could not be saved. Please tell your therapist."
    /// When the client pressed `q` mid-questionnaire.
    public static let askToLeave = "Leaving needs the therapist's passphrase. Press Esc to go back to the questions."
}
