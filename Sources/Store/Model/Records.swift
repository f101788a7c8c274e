import Foundation
import Instruments

/// Current schema version of every file the store writes.
///
/// 2: sessions are numbered by date order when read (a record's `session` is the number it had when
/// saved); `result.riskUnanswered`; notes carry their session's `date`; `acknowledgements.json`;
/// summaries with `unanswered`/`acknowledged` risk flags. Every version-1 file still reads.
public let currentSchemaVersion = 2

/// A client of the clinic. Holds no clinical data; `therapist` fills the `{therapist}` placeholder.
public struct ClientRecord: Codable, Sendable, Equatable {
    /// The version of the format it was written in (``currentSchemaVersion`` when written).
    public var schemaVersion: Int
    /// The client's id (also the name of the client's directory).
    public var id: ClientID
    /// The therapist's name as the client sees it, if given.
    public var therapist: String?
    /// The client's own battery of instrument ids (nil: the clinic default).
    public var battery: [String]?
    /// When the client was added.
    public var createdAt: Date

    /// A client record of the current schema version.
    public init(id: ClientID, therapist: String? = nil, battery: [String]? = nil, createdAt: Date) {
        schemaVersion = currentSchemaVersion
        self.id = id
        self.therapist = therapist
        self.battery = battery
        self.createdAt = createdAt
    }
}

/// Where an administration was entered.
public enum RecordSource: String, Codable, Sendable, CaseIterable {
    /// `cli`: `rapport record`; `rate`, `kiosk`: the rating screens; `demo`: `rapport demo`; `import`: `rapport import`.
    case cli, rate, kiosk, demo, `import`
    /// A paper form entered afterwards (by `record --source paper` or an import).
    case paper
}

/// Reference to the instrument (id + version) an administration used.
public struct InstrumentRef: Codable, Sendable, Equatable, Hashable {
    /// The instrument's id, e.g. `phq-9`.
    public var id: String
    /// The version of the instrument file that was used.
    public var version: String
    /// A reference to version `version` of instrument `id`.
    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }
}

/// One completed administration of one instrument: append-only, never edited in place.
public struct AdministrationRecord: Codable, Sendable, Equatable {
    /// The version of the format it was written in (``currentSchemaVersion`` when written).
    public var schemaVersion: Int
    /// Unique id; also the file name without ".json".
    public var id: String
    /// The client it belongs to.
    public var clientId: ClientID
    /// The session number when the record was saved (read in date order: ``SessionTimeline``).
    public var session: Int
    /// The date of the session the questionnaire belongs to.
    public var sessionDate: SessionDate
    /// Who answered: the client or the therapist.
    public var rater: Rater
    /// The instrument and version used.
    public var instrument: InstrumentRef
    /// Raw answers in item order, before reverse keying; null = missing.
    public var answers: [Int?]
    /// Scores computed when the record was saved.
    public var result: ScoreResult
    /// When the questionnaire was completed.
    public var administeredAt: Date
    /// When the record was written.
    public var savedAt: Date
    /// Where it was entered.
    public var source: RecordSource
    /// The id of the record this one corrects (both are kept).
    public var supersedes: String?
    /// The language the items were shown in (a BCP 47 tag such as "de"); nil: English (records
    /// written before languages existed, and English administrations). Scores never depend on it.
    public var language: String?

    /// A record of the current schema version.
    public init(
        id: String, clientId: ClientID, session: Int, sessionDate: SessionDate, rater: Rater,
        instrument: InstrumentRef, answers: [Int?], result: ScoreResult, administeredAt: Date, savedAt: Date,
        source: RecordSource, supersedes: String? = nil, language: String? = nil
    ) {
        schemaVersion = currentSchemaVersion
        self.id = id
        self.clientId = clientId
        self.session = session
        self.sessionDate = sessionDate
        self.rater = rater
        self.instrument = instrument
        self.answers = answers
        self.result = result
        self.administeredAt = administeredAt
        self.savedAt = savedAt
        self.source = source
        self.supersedes = supersedes
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, id, clientId, session, sessionDate, rater, instrument, answers, result, administeredAt,
            savedAt, source, supersedes, language
    }

    /// Optional fields are left out when nil.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(id, forKey: .id)
        try c.encode(clientId, forKey: .clientId)
        try c.encode(session, forKey: .session)
        try c.encode(sessionDate, forKey: .sessionDate)
        try c.encode(rater, forKey: .rater)
        try c.encode(instrument, forKey: .instrument)
        // Missing answers are written as explicit nulls, never dropped or zeroed.
        var a = c.nestedUnkeyedContainer(forKey: .answers)
        for answer in answers {
            if let answer { try a.encode(answer) } else { try a.encodeNil() }
        }
        try c.encode(result, forKey: .result)
        try c.encode(administeredAt, forKey: .administeredAt)
        try c.encode(savedAt, forKey: .savedAt)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(supersedes, forKey: .supersedes)
        try c.encodeIfPresent(language, forKey: .language)
    }
}

/// What a caller hands the store to record; the store assigns the session (when not given) and the id.
public struct NewAdministration: Sendable {
    /// The client the answers belong to.
    public var clientId: ClientID
    /// nil: the session of `sessionDate` in date order. When given, it must be the number that date
    /// has (or gets) in date order; anything else is refused.
    public var session: Int?
    /// The date of the session (numbered in date order).
    public var sessionDate: SessionDate
    /// Who answered.
    public var rater: Rater
    /// The instrument used (its answers are validated and scored against it).
    public var instrument: Instrument
    /// Raw answers in item order, before reverse keying; nil = missing.
    public var answers: [Int?]
    /// When the questionnaire was completed.
    public var administeredAt: Date
    /// Where it was entered.
    public var source: RecordSource
    /// Replace (supersede) an existing administration of the same instrument, rater and session.
    public var replace: Bool
    /// The language the items were shown in; nil: English.
    public var language: String?

    /// An administration to record; `session` nil lets the store number it by date.
    public init(
        clientId: ClientID, session: Int? = nil, sessionDate: SessionDate, rater: Rater, instrument: Instrument,
        answers: [Int?], administeredAt: Date, source: RecordSource, replace: Bool = false, language: String? = nil
    ) {
        self.clientId = clientId
        self.session = session
        self.sessionDate = sessionDate
        self.rater = rater
        self.instrument = instrument
        self.answers = answers
        self.administeredAt = administeredAt
        self.source = source
        self.replace = replace
        self.language = language
    }
}

/// A therapist's note on a session (shown as a marker on charts). The note belongs to the session
/// of its `date`; `session` is that session's number in date order (in `notes.json`, the number
/// when the note was written). Notes of schemaVersion 1 have no date: they are placed by the date
/// of the session number they were written for.
public struct EventNote: Codable, Sendable, Equatable {
    /// The session's number in date order (in `notes.json`: the number when the note was written).
    public var session: Int
    /// The session's date (nil in notes of schemaVersion 1).
    public var date: SessionDate?
    /// The note (therapist-only).
    public var text: String
    /// When the note was written.
    public var createdAt: Date
    /// A note on a session.
    public init(session: Int, date: SessionDate? = nil, text: String, createdAt: Date) {
        self.session = session
        self.date = date
        self.text = text
        self.createdAt = createdAt
    }
}
