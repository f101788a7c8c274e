import Foundation
import Instruments

/// One point of a score series: session number and score.
public struct ScorePoint: Codable, Sendable, Equatable {
    public var session: Int
    public var value: Double

    public init(session: Int, value: Double) {
        self.session = session
        self.value = value
    }

    // Stored compactly as [session, value].
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        session = try c.decode(Int.self)
        value = try c.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(session)
        try c.encode(value)
    }
}

/// A session of a client: number and date.
public struct SessionInfo: Codable, Sendable, Equatable {
    public var session: Int
    public var date: SessionDate
    public init(session: Int, date: SessionDate) {
        self.session = session
        self.date = date
    }
}

/// A risk item answered above its threshold.
public struct RiskFlag: Codable, Sendable, Equatable {
    public var session: Int
    public var instrument: String
    public var item: Int
    public var recordId: String
    public init(session: Int, instrument: String, item: Int, recordId: String) {
        self.session = session
        self.instrument = instrument
        self.item = item
        self.recordId = recordId
    }
}

/// A per-client digest of every current (not superseded) record, so that a caseload listing reads
/// one small file per client instead of every record. Rebuilt from the records whenever it is stale.
public struct ClientSummary: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var clientId: ClientID
    /// Number of record files it was built from (a mismatch with the directory means stale).
    public var recordCount: Int
    /// The client's change counter (in its lock file) when the summary was written.
    public var generation: Int
    public var sessions: [SessionInfo]
    /// Score series keyed by `SeriesKey` text ("wai-sr/client/total").
    public var series: [String: [ScorePoint]]
    public var risk: [RiskFlag]
    public var notes: [EventNote]

    public init(
        clientId: ClientID, recordCount: Int, generation: Int = 0, sessions: [SessionInfo],
        series: [String: [ScorePoint]], risk: [RiskFlag], notes: [EventNote]
    ) {
        schemaVersion = currentSchemaVersion
        self.clientId = clientId
        self.recordCount = recordCount
        self.generation = generation
        self.sessions = sessions
        self.series = series
        self.risk = risk
        self.notes = notes
    }

    /// Builds the summary from all of a client's records (superseded ones are left out).
    public static func build(
        clientId: ClientID, records: [AdministrationRecord], recordFileCount: Int, notes: [EventNote],
        generation: Int = 0
    ) -> ClientSummary {
        let current = AdministrationRecord.current(records)
        var sessions: [Int: SessionDate] = [:]
        var series: [String: [ScorePoint]] = [:]
        var risk: [RiskFlag] = []
        for record in current {
            sessions[record.session] = sessions[record.session] ?? record.sessionDate
            for scale in record.result.scales {
                guard let value = scale.score else { continue }
                let key = SeriesKey(instrument: record.instrument.id, rater: record.rater, scale: scale.id).text
                series[key, default: []].append(ScorePoint(session: record.session, value: value))
            }
            for item in record.result.risk {
                risk.append(
                    RiskFlag(session: record.session, instrument: record.instrument.id, item: item, recordId: record.id))
            }
        }
        for key in series.keys { series[key]?.sort { $0.session < $1.session } }
        return ClientSummary(
            clientId: clientId, recordCount: recordFileCount, generation: generation,
            sessions: sessions.map { SessionInfo(session: $0.key, date: $0.value) }.sorted { $0.session < $1.session },
            series: series, risk: risk.sorted { ($0.session, $0.item) < ($1.session, $1.item) },
            notes: notes.sorted { $0.session < $1.session })
    }

    /// The series for an instrument, rater and scale (empty when none).
    public func series(_ instrument: String, _ rater: Rater, _ scale: String) -> [ScorePoint] {
        series[SeriesKey(instrument: instrument, rater: rater, scale: scale).text] ?? []
    }

    /// The date of the last session, if any.
    public var lastSessionDate: SessionDate? { sessions.last?.date }
}

/// Names one score series: instrument, rater and scale.
public struct SeriesKey: Hashable, Sendable {
    public var instrument: String
    public var rater: Rater
    public var scale: String
    public init(instrument: String, rater: Rater, scale: String) {
        self.instrument = instrument
        self.rater = rater
        self.scale = scale
    }
    public var text: String { "\(instrument)/\(rater.rawValue)/\(scale)" }
}

extension AdministrationRecord {
    /// Records that no later record supersedes, sorted by session, then save time, then id.
    public static func current(_ records: [AdministrationRecord]) -> [AdministrationRecord] {
        let superseded = Set(records.compactMap(\.supersedes))
        return records.filter { !superseded.contains($0.id) }.sorted {
            ($0.session, $0.savedAt, $0.id) < ($1.session, $1.savedAt, $1.id)
        }
    }
}
