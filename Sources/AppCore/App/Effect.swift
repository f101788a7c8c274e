import Instruments
import Store

/// Work the reducer asks for; the run loop performs it and feeds the results back as actions.
public enum Effect: Sendable, Equatable {
    /// Open a battery (→ ``Action/batteryOpened(_:)`` or ``Action/openFailed(_:)``).
    case openBattery(BatteryRequest)
    /// Save the answers so far (→ nothing, or ``Action/draftSaveFailed(_:)``).
    case saveDraft(Draft)
    /// Save a completed instrument (→ ``Action/submissionSaved(instrument:score:risk:)`` or
    /// ``Action/submissionFailed(_:)``).
    case submit(Submission)
    /// Remove the draft after the battery ended.
    case deleteDraft(ClientID, session: Int, rater: Rater)
    /// Check a kiosk code and open its client's battery, using the code up only once the battery
    /// is open (→ ``Action/codeChecked(_:)`` then ``Action/batteryOpened(_:)``; a refused code:
    /// ``Action/codeChecked(_:)`` alone; a battery that cannot be opened: ``Action/openFailed(_:)``,
    /// the code still usable).
    case checkCode(String)
    /// Check the therapist passphrase (→ ``Action/passphraseChecked(_:)``).
    case checkPassphrase(String)
    /// Clear the screen and the scrollback.
    case clearScreen
    /// End the program (after clearing the screen).
    case quit
    /// Leave the home menu for kiosk mode (the terminal must be reopened in raw mode).
    case startKiosk
    /// Leave the home menu for the review screens (`rapport review`).
    case startReview
    /// Add a client (→ ``Action/formDone(_:)`` or ``Action/formFailed(_:)``).
    case addClient(ClientID, therapist: String?)
    /// Make a one-time kiosk code (→ ``Action/formDone(_:)`` or ``Action/formFailed(_:)``).
    case makeCode(ClientID)
}
