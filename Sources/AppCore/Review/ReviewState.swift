import Foundation
import Store

/// The whole state of `rapport review`: pure data, changed only by ``ReviewReducer``.
public struct ReviewState: Sendable, Equatable {
    /// The screen on top.
    public var screen: ReviewScreen
    /// The caseload (kept while a client is open, so Esc returns to the same row).
    public var caseload: CaseloadState
    /// The open client, if any.
    public var dashboard: DashboardState?
    /// The open session, if any.
    public var detail: SessionDetailState?
    /// A short message on the current screen (a saved note, an error).
    public var notice: String?
    /// Wrong passphrases.
    public var passphraseBackoff: Backoff
    /// Time of the last key.
    public var lastActivity: Date
    /// Seconds without a key before the screens are locked and the data dropped.
    public var idleSeconds: Int

    /// The start: the passphrase prompt.
    public init(now: Date, idleSeconds: Int = 300) {
        screen = .locked(TextEntry())
        caseload = CaseloadState()
        dashboard = nil
        detail = nil
        notice = nil
        passphraseBackoff = Backoff()
        lastActivity = now
        self.idleSeconds = idleSeconds
    }

    /// The start after the therapist has signed in with an account (`--as`): the passphrase was
    /// just given, so the caseload is read at once (start the run with
    /// ``ReviewEffect/loadCaseload``); the idle lock asks the same account's passphrase again.
    public static func signedIn(now: Date, idleSeconds: Int = 300) -> ReviewState {
        var state = ReviewState(now: now, idleSeconds: idleSeconds)
        state.screen = .loading("Reading the caseload…")
        return state
    }
}
