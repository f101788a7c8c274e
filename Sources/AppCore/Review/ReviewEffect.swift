import Foundation
import Store

/// Work the review reducer asks for; the run loop performs it and feeds results back.
public enum ReviewEffect: Sendable, Equatable {
    /// Check the therapist passphrase (→ ``ReviewAction/passphraseChecked(_:)``).
    case checkPassphrase(String)
    /// Read the caseload (→ ``ReviewAction/caseloadLoaded(_:)``).
    case loadCaseload
    /// Read one client (→ ``ReviewAction/clientOpened(_:)``).
    case openClient(ClientID, caseloadSDs: [String: Double])
    /// Read one session's records (→ ``ReviewAction/sessionOpened(_:)``).
    case openSession(ClientID, session: Int)
    /// Store a note (→ ``ReviewAction/noteSaved(_:session:)``).
    case addNote(ClientID, session: Int, text: String, caseloadSDs: [String: Double])
    /// Acknowledge the session's open risk flags (→ ``ReviewAction/riskAcknowledged(_:detail:)``).
    case acknowledgeRisk(ClientID, session: Int, caseloadSDs: [String: Double])
    /// Store an answer to an alert (→ ``ReviewAction/alertAnswered(_:alert:response:)``).
    case answerAlert(
        ClientID, alert: String, response: AlertResponseKind, reason: String?, evidenceDate: SessionDate,
        caseloadSDs: [String: Double])
    /// Make a kiosk code (→ ``ReviewAction/codeIssued(_:)``).
    case issueCode(ClientID)
    /// Close the client's open episode on `date` with `reason`, through the same store call as
    /// `rapport client discharge` (→ ``ReviewAction/discharged(_:_:)``).
    case dischargeClient(ClientID, date: SessionDate, reason: DischargeReason, caseloadSDs: [String: Double])
    /// Check the therapist passphrase to leave the client view (→ ``ReviewAction/passphraseChecked(_:)``;
    /// a wrong one is audited, a right one is not "review opened").
    case verifyPassphrase(String)
    /// Clear the screen and scrollback.
    case clearScreen
    /// Leave review.
    case quit
}
