import Foundation
import Instruments
import Store

/// One client's data for the tidy exports: the current records in date order with their session
/// numbers, the therapist, the discharges (episodes) and the therapist's notes.
public struct TidyClient: Sendable {
    public var id: ClientID
    public var therapist: String?
    /// Current (not superseded) records, in date order.
    public var records: [AdministrationRecord]
    /// Each record's session number in date order (as `client list` and `review` number them).
    public var sessionNumbers: [String: Int]
    /// Discharges in date order; a record's episode is 1 + the discharges dated before its session.
    public var discharges: [Discharge]
    public var notes: [Note]

    /// A therapist's note placed on its session.
    public struct Note: Sendable, Equatable {
        public var session: Int
        /// The session's date (nil for an old note whose session date is unknown).
        public var date: SessionDate?
        public var text: String
        public init(session: Int, date: SessionDate?, text: String) {
            self.session = session
            self.date = date
            self.text = text
        }
    }

    public init(
        id: ClientID, therapist: String?, records: [AdministrationRecord], sessionNumbers: [String: Int],
        discharges: [Discharge] = [], notes: [Note] = []
    ) {
        self.id = id
        self.therapist = therapist
        self.records = records
        self.sessionNumbers = sessionNumbers
        self.discharges = discharges
        self.notes = notes
    }

    /// Reads a client from the store. Unreadable record files are returned as problems (and left
    /// out); an unreadable client throws.
    public static func load(
        _ store: DataStore, _ id: ClientID
    ) throws(StoreError) -> (client: TidyClient, problems: [StoreProblem]) {
        let info = try store.client(id)
        let (all, problems) = try store.records(id)
        let current = AdministrationRecord.current(all)
        // Numbered as `client list` and `review` number them: the summary's dates (which include a
        // record that has since become unreadable) plus these records' dates.
        let summaryDates = (try? store.summary(id))?.sessions.map(\.date) ?? []
        let timeline = SessionTimeline(dates: summaryDates + current.map(\.sessionDate))
        var numbers: [String: Int] = [:]
        for r in current { numbers[r.id] = timeline.number(of: r.sessionDate) }
        let notes = try store.notes(id).map { n in
            let date = n.date ?? timeline.date(of: n.session)
            return Note(session: date.flatMap { timeline.number(of: $0) } ?? n.session, date: date, text: n.text)
        }
        let client = TidyClient(
            id: id, therapist: info.therapist, records: current, sessionNumbers: numbers,
            discharges: try store.discharges(id), notes: notes)
        return (client, problems)
    }

    /// `load` of every client, read in parallel on the machine's cores; the outcomes are in the
    /// order of `ids`. `progress(done, total)` is called on the calling thread before each batch
    /// of clients is read, once per client of the batch.
    public static func loadAll(
        _ store: DataStore, _ ids: [ClientID], batch: Int = 64,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) -> [Result<(client: TidyClient, problems: [StoreProblem]), StoreError>] {
        ParallelRead.map(ids, batch: batch, progress: progress) { id throws(StoreError) in try load(store, id) }
    }

    /// The episode (1, 2, 3 …) a session dated `date` belongs to: sessions on or before a
    /// discharge belong to the episode it closes.
    public func episode(of date: SessionDate) -> Int {
        1 + discharges.filter { $0.date < date }.count
    }
}
