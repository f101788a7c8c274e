import Foundation
import Instruments
import Store

/// What to open: a client's battery for one rater.
public struct BatteryRequest: Sendable, Equatable {
    /// Whose battery.
    public var clientId: ClientID
    /// Who fills it in.
    public var rater: Rater
    /// Instrument ids given on the command line (nil: the draft's, the client's or the clinic default).
    public var battery: [String]?
    /// How the records will be marked.
    public var source: RecordSource

    /// Creates a request.
    public init(clientId: ClientID, rater: Rater, battery: [String]? = nil, source: RecordSource) {
        self.clientId = clientId
        self.rater = rater
        self.battery = battery
        self.source = source
    }
}

/// A completed instrument to save as a record.
public struct Submission: Sendable, Equatable {
    /// The client.
    public var clientId: ClientID
    /// The session number (from the draft, so resumed answers land in their session).
    public var session: Int
    /// The session's day.
    public var sessionDate: SessionDate
    /// Who answered.
    public var rater: Rater
    /// The instrument answered.
    public var instrument: Instrument
    /// Raw answers in item order (nil: skipped).
    public var answers: [Int?]
    /// `.rate` or `.kiosk`.
    public var source: RecordSource

    /// Creates a submission.
    public init(
        clientId: ClientID, session: Int, sessionDate: SessionDate, rater: Rater, instrument: Instrument,
        answers: [Int?], source: RecordSource
    ) {
        self.clientId = clientId
        self.session = session
        self.sessionDate = sessionDate
        self.rater = rater
        self.instrument = instrument
        self.answers = answers
        self.source = source
    }
}

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
    /// Check a kiosk code (→ ``Action/codeChecked(_:)``).
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
}
