import Foundation
import Instruments

/// One point of a score series: session number and score.
public struct ScorePoint: Codable, Sendable, Equatable {
    /// The session number (date order).
    public var session: Int
    /// The score.
    public var value: Double

    /// A point.
    public init(session: Int, value: Double) {
        self.session = session
        self.value = value
    }

    // Stored compactly as [session, value].
    /// Reads the compact form `[session, value]`.
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        session = try c.decode(Int.self)
        value = try c.decode(Double.self)
    }

    /// Writes the compact form `[session, value]`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(session)
        try c.encode(value)
    }
}

/// A session of a client: number and date.
public struct SessionInfo: Codable, Sendable, Equatable {
    /// The session number (date order).
    public var session: Int
    /// The session's date.
    public var date: SessionDate
    /// A session.
    public init(session: Int, date: SessionDate) {
        self.session = session
        self.date = date
    }
}

/// A risk item of one administration that needs the therapist: answered above its threshold, or
/// left unanswered (skipped). Keyed stably by record id and item, whatever the session number.
public struct RiskFlag: Codable, Sendable, Equatable {
    /// The clinical session number (date order) when the summary was built.
    public var session: Int
    /// The instrument id.
    public var instrument: String
    /// The item number (1-based).
    public var item: Int
    /// The id of the record the answer is in.
    public var recordId: String
    /// True when the item was not answered (it cannot be known whether the client is at risk).
    public var unanswered: Bool
    /// True when a therapist has acknowledged this flag (`acknowledgements.json`).
    public var acknowledged: Bool
    /// True when the record the flag comes from was corrected (superseded) by one that no longer
    /// flags this item: the alert it raised stays until a therapist acknowledges it.
    public var corrected: Bool

    /// A flag; `unanswered`, `acknowledged` and `corrected` default to false.
    public init(
        session: Int, instrument: String, item: Int, recordId: String, unanswered: Bool = false,
        acknowledged: Bool = false, corrected: Bool = false
    ) {
        self.session = session
        self.instrument = instrument
        self.item = item
        self.recordId = recordId
        self.unanswered = unanswered
        self.acknowledged = acknowledged
        self.corrected = corrected
    }

    /// The key acknowledgements use: record id and item.
    public var key: String { RiskAcknowledgement.key(recordId: recordId, item: item) }

    enum CodingKeys: String, CodingKey {
        case session, instrument, item, recordId, unanswered, acknowledged, corrected
    }

    /// Reads a flag; `unanswered`, `acknowledged` and `corrected` default to false when absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        session = try c.decode(Int.self, forKey: .session)
        instrument = try c.decode(String.self, forKey: .instrument)
        item = try c.decode(Int.self, forKey: .item)
        recordId = try c.decode(String.self, forKey: .recordId)
        unanswered = try c.decodeIfPresent(Bool.self, forKey: .unanswered) ?? false
        acknowledged = try c.decodeIfPresent(Bool.self, forKey: .acknowledged) ?? false
        corrected = try c.decodeIfPresent(Bool.self, forKey: .corrected) ?? false
    }

    /// `unanswered`, `acknowledged` and `corrected` are written only when true.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(session, forKey: .session)
        try c.encode(instrument, forKey: .instrument)
        try c.encode(item, forKey: .item)
        try c.encode(recordId, forKey: .recordId)
        if unanswered { try c.encode(true, forKey: .unanswered) }
        if acknowledged { try c.encode(true, forKey: .acknowledged) }
        if corrected { try c.encode(true, forKey: .corrected) }
    }
}

/// A per-client digest of every current (not superseded) record, so that a caseload listing reads
/// one small file per client instead of every record. Rebuilt from the records whenever it is stale.
public struct ClientSummary: Codable, Sendable, Equatable {
    /// The version of the format it was written in (``currentSchemaVersion`` when written).
    public var schemaVersion: Int
    /// The rules it was derived from the records by (``currentDerivation`` when built; absent in
    /// older files, which were derived by rules 1). A summary of older rules is stale: rebuilt.
    public var derivation: Int?
    /// The client it summarises.
    public var clientId: ClientID
    /// Number of record files it was built from (a mismatch with the directory means stale).
    public var recordCount: Int
    /// The client's change counter (in its lock file) when the summary was written.
    public var generation: Int
    /// Every session with at least one current record, in date order.
    public var sessions: [SessionInfo]
    /// Score series keyed by `SeriesKey` text ("wai-sr/client/total").
    public var series: [String: [ScorePoint]]
    /// Risk flags of the current records, acknowledged or not, in session order.
    public var risk: [RiskFlag]
    /// The therapist's notes, in session order.
    public var notes: [EventNote]

    /// The rules a summary is derived by. 2: a corrected record's risk flags that its correction
    /// no longer raises are kept (``RiskFlag/corrected``) until acknowledged.
    public static let currentDerivation = 2

    /// A summary of the current schema version and derivation rules.
    public init(
        clientId: ClientID, recordCount: Int, generation: Int = 0, sessions: [SessionInfo],
        series: [String: [ScorePoint]], risk: [RiskFlag], notes: [EventNote]
    ) {
        schemaVersion = currentSchemaVersion
        derivation = ClientSummary.currentDerivation
        self.clientId = clientId
        self.recordCount = recordCount
        self.generation = generation
        self.sessions = sessions
        self.series = series
        self.risk = risk
        self.notes = notes
    }

    /// Builds the summary from all of a client's records (superseded ones are left out). Sessions
    /// are numbered by date order (``SessionTimeline``), whatever number a record was saved under;
    /// notes are placed by their date (older notes without one by the date of the session number
    /// they were written for, in the records of schemaVersion 1).
    public static func build(
        clientId: ClientID, records: [AdministrationRecord], recordFileCount: Int, notes: [EventNote],
        acknowledged: Set<String> = [], generation: Int = 0
    ) -> ClientSummary {
        let current = AdministrationRecord.current(records)
        let timeline = SessionTimeline(dates: current.map(\.sessionDate))
        var series: [String: [ScorePoint]] = [:]
        var risk: [RiskFlag] = []
        for record in current {
            let session = timeline.number(of: record.sessionDate) ?? record.session
            for scale in record.result.scales {
                guard let value = scale.score else { continue }
                let key = SeriesKey(instrument: record.instrument.id, rater: record.rater, scale: scale.id).text
                series[key, default: []].append(ScorePoint(session: session, value: value))
            }
            risk += RiskFlag.flags(of: record, session: session, acknowledged: acknowledged)
        }
        risk += RiskFlag.carried(records: records, current: current, timeline: timeline, acknowledged: acknowledged)
        for key in series.keys { series[key]?.sort { $0.session < $1.session } }
        var legacy: [Int: SessionDate] = [:]
        for record in records where record.schemaVersion < 2 {
            legacy[record.session] = legacy[record.session] ?? record.sessionDate
        }
        let placed = notes.map { note -> EventNote in
            var note = note
            if note.date == nil { note.date = legacy[note.session] }
            if let date = note.date, let number = timeline.number(of: date) { note.session = number }
            return note
        }
        return ClientSummary(
            clientId: clientId, recordCount: recordFileCount, generation: generation, sessions: timeline.sessions,
            series: series, risk: risk.sorted(by: RiskFlag.inOrder), notes: placed.sorted { $0.session < $1.session })
    }

    /// The series for an instrument, rater and scale (empty when none).
    public func series(_ instrument: String, _ rater: Rater, _ scale: String) -> [ScorePoint] {
        series[SeriesKey(instrument: instrument, rater: rater, scale: scale).text] ?? []
    }

    /// The date of the last session, if any.
    public var lastSessionDate: SessionDate? { sessions.last?.date }

    /// The session timeline (dates in order).
    public var timeline: SessionTimeline { SessionTimeline(dates: sessions.map(\.date)) }

    /// Risk flags no therapist has acknowledged yet, in session order.
    public var openRisk: [RiskFlag] { risk.filter { !$0.acknowledged } }

    /// Written in the current format by the current rules: not to be rebuilt for its version.
    public var isCurrentFormat: Bool {
        schemaVersion == currentSchemaVersion && (derivation ?? 1) == ClientSummary.currentDerivation
    }
}

/// Names one score series: instrument, rater and scale.
public struct SeriesKey: Hashable, Sendable {
    /// The instrument id.
    public var instrument: String
    /// Who answered.
    public var rater: Rater
    /// The scale id.
    public var scale: String
    /// A key.
    public init(instrument: String, rater: Rater, scale: String) {
        self.instrument = instrument
        self.rater = rater
        self.scale = scale
    }
    /// The key as stored in ``ClientSummary/series``: `instrument/rater/scale`.
    public var text: String { "\(instrument)/\(rater.rawValue)/\(scale)" }
}

extension AdministrationRecord {
    /// Records that no later record supersedes, in date order (session date, then save time, then id).
    public static func current(_ records: [AdministrationRecord]) -> [AdministrationRecord] {
        let superseded = Set(records.compactMap(\.supersedes))
        return records.filter { !superseded.contains($0.id) }.sorted {
            ($0.sessionDate.rawValue, $0.savedAt, $0.id) < ($1.sessionDate.rawValue, $1.savedAt, $1.id)
        }
    }

    /// The clinical session number of each record id (the rank of its date among the dates of the
    /// current records), for exports and displays that start from records.
    public static func sessionNumbers(_ records: [AdministrationRecord]) -> [String: Int] {
        let timeline = SessionTimeline(dates: current(records).map(\.sessionDate))
        var out: [String: Int] = [:]
        for r in records { out[r.id] = timeline.number(of: r.sessionDate) ?? timeline.numberForNew(r.sessionDate) }
        return out
    }
}

extension RiskFlag {
    /// The risk flags of one record: items answered above threshold, then items left unanswered.
    static func flags(of record: AdministrationRecord, session: Int, acknowledged: Set<String>) -> [RiskFlag] {
        var out: [RiskFlag] = []
        for item in record.result.risk {
            let key = RiskAcknowledgement.key(recordId: record.id, item: item)
            out.append(
                RiskFlag(
                    session: session, instrument: record.instrument.id, item: item, recordId: record.id,
                    acknowledged: acknowledged.contains(key)))
        }
        for item in record.result.riskUnanswered {
            let key = RiskAcknowledgement.key(recordId: record.id, item: item)
            out.append(
                RiskFlag(
                    session: session, instrument: record.instrument.id, item: item, recordId: record.id,
                    unanswered: true, acknowledged: acknowledged.contains(key)))
        }
        return out
    }

    /// The flags of corrected records that no later record of the same correction raises again: a
    /// risk alert stays until a therapist acknowledges it, so a correction that answers the item
    /// lower (or answers an item left unanswered) does not clear it. For each current record that
    /// corrects another, the records it replaced are walked newest first; an item one of them
    /// flagged and no newer one flags is kept once, from the newest record that flagged it, marked
    /// `corrected`, in the current record's session. A correction that flags the item again
    /// raises its own flag instead (a new record: a new acknowledgement).
    public static func carried(
        records: [AdministrationRecord], current: [AdministrationRecord], timeline: SessionTimeline,
        acknowledged: Set<String>
    ) -> [RiskFlag] {
        guard records.count > current.count else { return [] }
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [RiskFlag] = []
        var kept = Set<String>()
        for head in current where head.supersedes != nil {
            let session = timeline.number(of: head.sessionDate) ?? head.session
            var raised = Set(head.result.risk + head.result.riskUnanswered)
            var next = head.supersedes
            var steps = 0
            // (`steps` bounds a chain that loops back on itself in damaged data.)
            while let id = next, let older = byID[id], steps < records.count {
                steps += 1
                for var flag in flags(of: older, session: session, acknowledged: acknowledged)
                where !raised.contains(flag.item) {
                    guard kept.insert(flag.key).inserted else { continue }
                    flag.corrected = true
                    out.append(flag)
                }
                raised.formUnion(older.result.risk + older.result.riskUnanswered)
                next = older.supersedes
            }
        }
        return out
    }

    /// Session, then record id, then item.
    static func inOrder(_ a: RiskFlag, _ b: RiskFlag) -> Bool {
        (a.session, a.recordId, a.item) < (b.session, b.recordId, b.item)
    }
}
