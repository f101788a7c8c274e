import Foundation
import Instruments
import Numbers
import Store

/// Which tidy table to write.
public struct TidyOptions: Sendable {
    public enum Layout: String, Sendable {
        /// One row per administration × scale.
        case long
        /// One row per item answer.
        case items
        /// One row per administration, one column per scale.
        case wide
    }

    public var layout: Layout
    /// Only sessions dated on or after `from` and on or before `to` (inclusive; the real dates,
    /// before any shift).
    public var from: SessionDate?
    public var to: SessionDate?
    /// Pseudonyms and shifted dates for sharing; nil: the data as stored.
    public var deidentifier: Deidentifier?

    public init(
        layout: Layout = .long, from: SessionDate? = nil, to: SessionDate? = nil, deidentifier: Deidentifier? = nil
    ) {
        self.layout = layout
        self.from = from
        self.to = to
        self.deidentifier = deidentifier
    }

    public func includes(_ date: SessionDate) -> Bool {
        if let from, date < from { return false }
        if let to, date > to { return false }
        return true
    }
}

/// Tidy CSV (RFC 4180, UTF-8, a header row, comma separators, LF line ends, missing values as
/// empty cells): pandas `read_csv` and R `read.csv` read it without options.
public enum TidyCSV {
    /// Columns of the long table (one row per administration × scale).
    public static let scaleColumns = [
        "client_id", "session", "session_date", "rater", "instrument", "instrument_version", "scale", "score", "band",
        "valid", "administered_at", "therapist", "episode", "language", "source", "prorated", "risk", "risk_unanswered",
    ]
    /// Columns of the item table (one row per item answer); `import --format csv` reads it back.
    public static let itemColumns = [
        "client_id", "session", "session_date", "rater", "instrument", "instrument_version", "item", "answer",
        "administered_at", "therapist", "episode", "language", "source",
    ]
    /// Columns of the wide table before its score columns (`<instrument>_<scale>`, "-" as "_").
    public static let wideColumns = [
        "client_id", "session", "session_date", "rater", "instrument", "instrument_version", "administered_at",
        "therapist", "episode", "language", "source", "band", "valid", "prorated", "risk", "risk_unanswered",
    ]
    /// Columns of the notes file.
    public static let noteColumns = ["client_id", "session", "session_date", "therapist", "episode", "text"]

    public static var scaleHeader: String { CSV.line(scaleColumns) }
    public static var itemHeader: String { CSV.line(itemColumns) }

    /// The table and the number of administrations in it.
    public static func render(_ clients: [TidyClient], options: TidyOptions) -> (csv: String, administrations: Int) {
        var count = 0
        var out = ""
        switch options.layout {
        case .long:
            out = CSV.line(scaleColumns)
            for c in clients {
                for r in c.records where options.includes(r.sessionDate) {
                    count += 1
                    let common = identity(c, r, options)
                    let extra = context(c, r, options)
                    let risk = flag(!r.result.risk.isEmpty)
                    let unanswered = flag(!r.result.riskUnanswered.isEmpty)
                    for s in r.result.scales {
                        let band = s.id == r.result.primaryScale ? (r.result.band ?? "") : ""
                        out += CSV.line(
                            common + [s.id, s.score.map(number) ?? "", band, flag(s.valid), extra.at] + extra.fields
                                + [flag(s.prorated), risk, unanswered])
                    }
                }
            }
        case .items:
            out = CSV.line(itemColumns)
            for c in clients {
                for r in c.records where options.includes(r.sessionDate) {
                    count += 1
                    let common = identity(c, r, options)
                    let extra = context(c, r, options)
                    for (index, answer) in r.answers.enumerated() {
                        out += CSV.line(
                            common + [String(index + 1), answer.map(String.init) ?? "", extra.at] + extra.fields)
                    }
                }
            }
        case .wide:
            let chosen = clients.map { c in (c, c.records.filter { options.includes($0.sessionDate) }) }
            // Score columns: instruments in id order, each one's scales in its own order.
            var scaleOrder: [String: [String]] = [:]
            for (_, records) in chosen {
                for r in records {
                    var list = scaleOrder[r.instrument.id] ?? []
                    for s in r.result.scales where !list.contains(s.id) { list.append(s.id) }
                    scaleOrder[r.instrument.id] = list
                }
            }
            var scoreColumns: [String] = []
            var columnOf: [String: Int] = [:]
            for id in scaleOrder.keys.sorted() {
                for scale in scaleOrder[id] ?? [] {
                    columnOf[id + "\u{0}" + scale] = scoreColumns.count
                    scoreColumns.append(wideColumn(instrument: id, scale: scale))
                }
            }
            out = CSV.line(wideColumns + scoreColumns)
            for (c, records) in chosen {
                for r in records {
                    count += 1
                    let extra = context(c, r, options)
                    var scores = Array(repeating: "", count: scoreColumns.count)
                    for s in r.result.scales {
                        if let i = columnOf[r.instrument.id + "\u{0}" + s.id] { scores[i] = s.score.map(number) ?? "" }
                    }
                    out += CSV.line(
                        identity(c, r, options) + [extra.at] + extra.fields + [
                            r.result.band ?? "", flag(r.result.valid), flag(r.result.prorated),
                            flag(!r.result.risk.isEmpty), flag(!r.result.riskUnanswered.isEmpty),
                        ] + scores)
                }
            }
        }
        return (out, count)
    }

    /// The therapists' notes, one row each (client, session, date, text). Never with pseudonyms:
    /// notes are free text and are not part of a deidentified export.
    public static func notes(_ clients: [TidyClient], options: TidyOptions) -> (csv: String, notes: Int) {
        var out = CSV.line(noteColumns)
        var count = 0
        for c in clients {
            for n in c.notes {
                if let date = n.date, !options.includes(date) { continue }
                if n.date == nil, options.from != nil || options.to != nil { continue }
                count += 1
                out += CSV.line([
                    c.id.rawValue, String(n.session), n.date?.rawValue ?? "", c.therapist ?? "",
                    n.date.map { String(c.episode(of: $0)) } ?? "", n.text,
                ])
            }
        }
        return (out, count)
    }

    /// The wide table's column for a scale: `phq_9_total`.
    public static func wideColumn(instrument: String, scale: String) -> String {
        (instrument + "_" + scale).map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// client_id, session, session_date, rater, instrument, instrument_version.
    static func identity(_ c: TidyClient, _ r: AdministrationRecord, _ options: TidyOptions) -> [String] {
        let session = String(c.sessionNumbers[r.id] ?? r.session)
        if let d = options.deidentifier {
            return [
                d.client(c.id), session, d.shift(r.sessionDate, c.id), r.rater.rawValue, r.instrument.id,
                r.instrument.version,
            ]
        }
        return [
            c.id.rawValue, session, r.sessionDate.rawValue, r.rater.rawValue, r.instrument.id, r.instrument.version,
        ]
    }

    /// administered_at, and therapist, episode, language, source.
    static func context(
        _ c: TidyClient, _ r: AdministrationRecord, _ options: TidyOptions
    ) -> (at: String, fields: [String]) {
        let therapist = options.deidentifier.map { $0.therapist(c.therapist) } ?? (c.therapist ?? "")
        let at = options.deidentifier.map { $0.shift(r.administeredAt, c.id) } ?? r.administeredAt
        return (
            timestamp(at),
            [therapist, String(c.episode(of: r.sessionDate)), r.language ?? "en", r.source.rawValue]
        )
    }

    static func flag(_ b: Bool) -> String { b ? "true" : "false" }

    /// The exact score (`NumberText.exact`); an empty field if it is not finite.
    public static func number(_ v: Double) -> String { NumberText.exact(v) ?? "" }

    /// ISO 8601 in UTC, whole seconds.
    public static func timestamp(_ d: Date) -> String { ExportText.timestamp(d) }
}

/// `export --format json`: every record as stored.
public struct ExportDocument: Encodable, Sendable {
    public var schemaVersion = currentSchemaVersion
    public var records: [AdministrationRecord]
    public init(records: [AdministrationRecord]) { self.records = records }
}
