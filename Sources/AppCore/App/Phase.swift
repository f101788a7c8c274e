import Instruments

/// What is on screen.
public enum Phase: Sendable, Equatable {
    /// The home menu with the highlighted entry.
    case home(selected: Int, notice: String?)
    /// Asking the therapist for a client id (and who rates).
    case clientPrompt(TextEntry, rater: Rater)
    /// Kiosk welcome: asks for the one-time code.
    case welcome(TextEntry)
    /// Kiosk: asks for the therapist passphrase before leaving.
    case unlock(TextEntry)
    /// `rate` and the home menu: the therapist passphrase before the terminal goes back to the
    /// therapist (after a client's turn) or before a therapist-only menu entry.
    case locked(Lock)
    /// Home menu: a therapist form (add a client, make a kiosk code), after the passphrase.
    case form(HomeForm)
    /// Waiting for a battery to open.
    case opening
    /// Filling in a battery.
    case questionnaire(Questionnaire)
    /// Thank-you screen after a battery.
    case thanks(Farewell)
    /// A message; any key goes on (home menu, or quits in rate mode).
    case message(Notice)
}
