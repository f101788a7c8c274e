import Foundation
import Store

/// What can happen on the review screens: what the therapist did, and effect results.
public enum ReviewAction: Sendable, Equatable {
    // MARK: What the user did

    /// A character typed into the passphrase, the filter or a note.
    case characterTyped(Character)
    /// Backspace in a text field.
    case characterErased
    /// ↑/↓ (−1/+1) or Page Up/Down (±10): move the highlight or scroll.
    case highlightMoved(Int)
    /// Enter: unlock, open the client, open the session, keep the filter, save the note.
    case confirmRequested
    /// Esc: back one screen (or leave a text field).
    case backRequested
    /// `q`: leave review.
    case quitRequested
    /// `/` on the caseload: type a filter.
    case filterRequested
    /// Tab / → (+1) and Shift-Tab / ← (−1) on the dashboard: the next or previous chart.
    case chartCycled(Int)
    /// `n` on the dashboard: add a note to the highlighted session.
    case noteRequested
    /// `c` on the dashboard: issue a kiosk code for this client.
    case codeRequested
    /// `a` on the dashboard or the session detail: acknowledge the session's risk flags.
    case acknowledgeRequested
    /// `r` on the dashboard: answer the first unanswered alert (seen, discussed, plan changed, disagree).
    case answerRequested
    /// `e` on the dashboard: end (discharge) the client's open episode, after choosing a reason
    /// and confirming.
    case dischargeRequested
    /// `v` on the dashboard: turn the screen into the locked client view.
    case clientViewRequested
    /// Time passed without input.
    case tick

    // MARK: Results of effects

    /// The passphrase was checked.
    case passphraseChecked(Bool)
    /// The caseload was read.
    case caseloadLoaded(CaseloadState)
    /// A client's data was read (also after a note was saved).
    case clientOpened(ClientDashboard)
    /// A session's answers were read.
    case sessionOpened(SessionDetail)
    /// A note was saved; the client's data re-read.
    case noteSaved(ClientDashboard, session: Int)
    /// A session's risk flags were acknowledged; the client and the session re-read.
    case riskAcknowledged(ClientDashboard, detail: SessionDetail)
    /// An alert was answered; the client's data re-read.
    case alertAnswered(ClientDashboard, alert: String, response: AlertResponseKind)
    /// A kiosk code was made.
    case codeIssued(IssuedCode)
    /// The open episode was closed; the client's data re-read.
    case discharged(ClientDashboard, Discharge)
    /// Something could not be done; the message says what.
    case failed(String)
}
