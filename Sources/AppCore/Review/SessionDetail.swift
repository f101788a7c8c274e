import Foundation
import Instruments
import Store

/// Every item answer of one session next to the previous session's, risk items first, with
/// the items that moved most marked.
public struct SessionDetail: Sendable, Equatable {
    /// The client.
    public var client: ClientID
    /// The session.
    public var session: Int
    /// Its date.
    public var date: SessionDate?
    /// The session compared with (the latest earlier session with records), if any.
    public var previousSession: Int?
    /// The rows.
    public var rows: [SessionItemRow]
    /// Therapist notes of the session.
    public var notes: [String]
    /// One line per risk flag of the session (answered or not answered), with its acknowledgement.
    public var risk: [String]
    /// Whether any risk flag of the session still waits for a therapist's acknowledgement.
    public var riskOpen: Bool

    /// Creates a detail.
    public init(
        client: ClientID, session: Int, date: SessionDate?, previousSession: Int?, rows: [SessionItemRow],
        notes: [String], risk: [String] = [], riskOpen: Bool = false
    ) {
        self.client = client
        self.session = session
        self.date = date
        self.previousSession = previousSession
        self.rows = rows
        self.notes = notes
        self.risk = risk
        self.riskOpen = riskOpen
    }

    /// A move of at least this many response points is marked (design choice, docs/review.md).
    public static let markedChange = 2

    /// Builds the detail from a client's records (superseded ones are left out). Sessions are
    /// numbered in date order: by `timeline` when given (the summary's, so that the numbers are
    /// the dashboard's even when a record has become unreadable), else by the records' dates.
    /// `notes` are the summary's (placed by date).
    public static func build(
        client: ClientID, session: Int, records: [AdministrationRecord], catalog: InstrumentCatalog,
        notes: [EventNote] = [], acknowledgements: [RiskAcknowledgement] = [], timeline: SessionTimeline? = nil
    ) -> SessionDetail {
        let current = AdministrationRecord.current(records)
        let dates = SessionTimeline(dates: (timeline?.dates ?? []) + current.map(\.sessionDate))
        func number(_ r: AdministrationRecord) -> Int { dates.number(of: r.sessionDate) ?? r.session }
        let this = current.filter { number($0) == session }
        let previousSession = current.map(number).filter { $0 < session }.max()
        var rows: [SessionItemRow] = []
        for record in this {
            guard let instrument = try? catalog.instrument(record.instrument.id) else { continue }
            let before = current.last {
                number($0) == previousSession && $0.instrument.id == record.instrument.id && $0.rater == record.rater
            }
            let riskItems = Dictionary(instrument.risk.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a })
            var instrumentRows: [SessionItemRow] = []
            for (index, item) in instrument.items.enumerated() {
                let answer = index < record.answers.count ? record.answers[index] : nil
                let previous = before.flatMap { index < $0.answers.count ? $0.answers[index] : nil }
                let label = answer.flatMap { a in instrument.responseScale.first { $0.value == a }?.label }
                let risk = riskItems[item.number]
                instrumentRows.append(
                    SessionItemRow(
                        instrument: instrument.shortTitle ?? instrument.title, rater: record.rater, item: item.number,
                        text: instrument.text(of: item), answer: answer, previous: previous, answerLabel: label,
                        // A risk item left unanswered is flagged too: ask in person.
                        riskFlagged: risk.map { r in answer.map { $0 > r.above } ?? true } ?? false,
                        isRisk: risk != nil))
            }
            rows += instrumentRows
        }
        // Moves of at least `markedChange` points are marked; when there are none, the session's
        // largest move is, if no more than three items share it.
        let moves = rows.map { $0.change.map(abs) ?? 0 }
        let largest = moves.max() ?? 0
        let sharing = moves.filter { $0 == largest }.count
        for i in rows.indices where moves[i] > 0 {
            rows[i].movedMost = moves[i] >= markedChange || (moves[i] == largest && sharing <= 3)
        }
        // Risk items first (flagged before unflagged), then in instrument and item order.
        let ordered = rows.enumerated().sorted { a, b in
            let ka = a.element.riskFlagged ? 0 : a.element.isRisk ? 1 : 2
            let kb = b.element.riskFlagged ? 0 : b.element.isRisk ? 1 : 2
            return (ka, a.offset) < (kb, b.offset)
        }.map(\.element)
        let acks = Dictionary(acknowledgements.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var riskLines: [String] = []
        var riskOpen = false
        func addRiskLine(instrument: String, item: Int, unanswered: Bool, corrected: Bool, key: String) {
            let name = (try? catalog.instrument(instrument)).map { $0.shortTitle ?? $0.title } ?? instrument
            let then = corrected ? ", then corrected" : ""
            var line =
                "\(name) item \(item) "
                + (unanswered ? "not answered\(then) — ask in person" : "answered\(then) — check in with the client")
            if let ack = acks[key] {
                line += "; acknowledged \(ack.acknowledgedAt.formatted(Date.ISO8601FormatStyle()))"
            } else {
                line += "; not yet acknowledged"
                riskOpen = true
            }
            riskLines.append(line)
        }
        for record in this {
            let flags = record.result.risk.map { ($0, false) } + record.result.riskUnanswered.map { ($0, true) }
            for (item, unanswered) in flags {
                addRiskLine(
                    instrument: record.instrument.id, item: item, unanswered: unanswered, corrected: false,
                    key: RiskAcknowledgement.key(recordId: record.id, item: item))
            }
        }
        // A corrected form's risk answers stay until acknowledged (``RiskFlag/carried``).
        let carried = RiskFlag.carried(
            records: records, current: current, timeline: dates, acknowledged: Set(acknowledgements.map(\.key)))
        for flag in carried where flag.session == session {
            addRiskLine(
                instrument: flag.instrument, item: flag.item, unanswered: flag.unanswered, corrected: true,
                key: flag.key)
        }
        return SessionDetail(
            client: client, session: session, date: this.first?.sessionDate, previousSession: previousSession,
            rows: ordered, notes: notes.filter { $0.session == session }.map(\.text), risk: riskLines,
            riskOpen: riskOpen)
    }
}
