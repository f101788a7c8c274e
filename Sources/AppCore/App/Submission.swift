import Instruments
import Store

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
    /// Supersede a record of the same instrument in the session (the questionnaires asked again).
    public var replace: Bool
    /// The language the instrument's texts were shown in (nil: English).
    public var language: String?

    /// Creates a submission.
    public init(
        clientId: ClientID, session: Int, sessionDate: SessionDate, rater: Rater, instrument: Instrument,
        answers: [Int?], source: RecordSource, replace: Bool = false, language: String? = nil
    ) {
        self.clientId = clientId
        self.session = session
        self.sessionDate = sessionDate
        self.rater = rater
        self.instrument = instrument
        self.answers = answers
        self.source = source
        self.replace = replace
        self.language = language
    }
}
