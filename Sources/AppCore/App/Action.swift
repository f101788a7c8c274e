import Store

/// Everything that can happen to the app: what the user did (named for the intention, not the
/// key), and the results of effects coming back.
public enum Action: Sendable, Equatable {
    // MARK: What the user did

    /// A response option chosen by its value (a digit key on an item screen).
    case answerChosen(Int)
    /// The highlight moved up (-1) or down (+1): response options, menu entries.
    case highlightMoved(Int)
    /// Enter: confirm the highlighted answer, begin, submit, open.
    case confirmRequested
    /// ← or Backspace on a questionnaire screen: one step back.
    case backRequested
    /// `s`: leave this item unanswered (only where the instrument allows).
    case skipRequested
    /// `?`: show the keys (any key hides them).
    case helpRequested
    /// Any key while the key help is shown.
    case helpDismissed
    /// A digit on the review screen: part of the number of an item to change.
    case reviewNumberTyped(Int)
    /// ↑/↓ on the review screen: scroll the answer list.
    case reviewScrolled(Int)
    /// A menu entry chosen directly (its digit).
    case menuChosen(HomeChoice)
    /// A character typed into a text field (client id, code, passphrase).
    case characterTyped(Character)
    /// Backspace in a text field.
    case characterErased
    /// Tab on the client prompt: switch between client and therapist rating.
    case raterToggled
    /// Escape: leave a prompt.
    case cancelRequested
    /// `q` (or Ctrl-C outside kiosk): quit; in kiosk, ask for the passphrase.
    case quitRequested
    /// `f` on a questionnaire screen: keep the answers for later and clear the screen at once.
    case finishLaterRequested
    /// Any key on the "Are you still there?" screen.
    case presenceConfirmed
    /// Time passed without input (idle timeout, kiosk thank-you screen).
    case tick

    // MARK: Results of effects

    /// A battery was opened (fresh, or from a draft).
    case batteryOpened(Questionnaire)
    /// A battery could not be opened (no such client, unknown instrument, I/O).
    case openFailed(String)
    /// The kiosk code was checked (when accepted, ``batteryOpened(_:)`` follows: the same effect
    /// opened the battery before using the code up).
    case codeChecked(KioskCodeOutcome)
    /// The passphrase was checked.
    case passphraseChecked(Bool)
    /// An instrument was saved as a record.
    case submissionSaved(instrument: String, score: SubmittedScore, risk: Bool)
    /// Saving a record failed; the answers stay in the draft.
    case submissionFailed(String)
    /// Saving the draft failed.
    case draftSaveFailed(String)
    /// A home-menu form was carried out; the notice says what happened (shown to the therapist).
    case formDone(Notice)
    /// A home-menu form could not be carried out; the message says why.
    case formFailed(String)
}
