import Analytics
import Foundation
import Instruments
import Store

/// Reads the caseload for the review screens and `rapport client list`: from the caseload index
/// (one file; rebuilt from every client's summary when missing or stale, see docs/data-format.md).
public enum CaseloadReader {
    /// Every readable summary (without notes), sorted by client id, and the problems met.
    /// Only the clients `visibility` allows are returned (need-to-know access).
    public static func summaries(
        _ store: DataStore, visibility: Visibility = .everyone
    ) throws(StoreError) -> (
        summaries: [ClientSummary], problems: [StoreProblem]
    ) {
        let read = try store.caseload()
        let allowed = visibleClients(read.summaries.map(\.clientId), visibility, read.therapists, store)
        return (read.summaries.filter { allowed.contains($0.clientId) }, read.problems)
    }

    /// The caseload SDs the rupture rules read (`CaseloadReport.caseloadSDs`), from the index's
    /// caseload statistics instead of every summary.
    public static func caseloadSDs(
        stats: CaseloadStats, catalog: InstrumentCatalog, options: AnalysisOptions = .standard
    ) -> [String: Double] {
        var sds: [String: Double] = [:]
        for instrumentID in [options.clientAlliance, options.therapistAlliance] {
            guard let instrument = try? catalog.instrument(instrumentID) else { continue }
            for scale in options.ruptureScales {
                let key = SeriesKey(instrument: instrumentID, rater: instrument.rater, scale: scale).text
                if let sd = stats.sampleSD(key) { sds[key] = sd }
            }
        }
        return sds
    }

    /// The caseload SDs from the index's statistics: its last line only, when fresh.
    public static func caseloadSDs(
        _ store: DataStore, catalog: InstrumentCatalog, options: AnalysisOptions = .standard
    ) throws(StoreError) -> [String: Double] {
        caseloadSDs(stats: try store.caseloadStats(), catalog: catalog, options: options)
    }

    /// The caseload rows as review shows them, for the review screens and `rapport client list`
    /// alike: every summary, the caseload SDs, each client's episodes and the caseload's closed
    /// episodes as the expected-recovery reference. Everything comes from the caseload index (one
    /// file): discharges and answers to alerts included, no file per client.
    public static func rows(
        _ store: DataStore, catalog: InstrumentCatalog, options: AnalysisOptions = .standard,
        visibility: Visibility = .everyone
    ) throws(StoreError) -> (
        rows: [CaseloadEntry], caseloadSDs: [String: Double], reference: TrackReference, problems: [StoreProblem]
    ) {
        // The rows as last computed, with the clients changed since analysed again (sealed in a
        // sealed directory).
        let place = CaseloadRowsCache.place(store)
        let fingerprint = place != nil ? CaseloadRowsCache.fingerprint(catalog: catalog, options: options) : ""
        if let place,
            let hit = CaseloadRowsCache.updated(
                store, at: place, catalog: catalog, options: options, fingerprint: fingerprint)
        {
            return (visible(hit.rows, visibility, hit.therapists, store), hit.sds, hit.reference, hit.problems)
        }
        // The whole index, its summaries decoded one at a time (never all in memory at once): the
        // closed episodes first (the reference every row is analysed against), then the rows. An
        // index line that no longer reads as it did (never expected) has the caseload read whole.
        var read = try store.caseloadStream()
        var result = analysed(read, catalog: catalog, options: options)
        if result == nil {
            read = CaseloadIndexStream(try store.caseload())
            result = analysed(read, catalog: catalog, options: options)
        }
        guard let result else { throw .invalid("\(store.layout.caseloadIndex): the caseload does not read") }
        let (sds, discharges, reference, rows) = result
        if let place, let position = read.position {
            CaseloadRowsCache.write(
                store, at: place,
                header: CaseloadRowsCache.Header(
                    v: CaseloadRowsCache.version, position: position, fingerprint: fingerprint, sds: sds,
                    discharged: discharges.keys.sorted(), appended: 0, rows: 0),
                rows: rows, reference: reference, therapists: read.therapists)
        }
        return (visible(rows, visibility, read.therapists, store), sds, reference, read.problems)
    }

    /// The expected-recovery reference (the caseload's closed episodes) for one client's
    /// dashboard or chart: the rows cache's, when it stands for the index as it is now (no
    /// summary read, whatever the caseload size); otherwise the one `rows` computes, which brings
    /// the cache up to date. The same reference as the review's.
    public static func reference(
        _ store: DataStore, catalog: InstrumentCatalog, options: AnalysisOptions = .standard
    ) throws(StoreError) -> TrackReference {
        if let place = CaseloadRowsCache.place(store), let cache = CaseloadRowsCache.readReference(store, at: place),
            cache.header.fingerprint == CaseloadRowsCache.fingerprint(catalog: catalog, options: options),
            let now = store.caseloadIndexPosition(), now == cache.header.position
        {
            return cache.reference
        }
        return try rows(store, catalog: catalog, options: options).reference
    }

    /// The caseload SDs, discharges, expected-recovery reference and rows of a read; nil when a
    /// summary does not read. The reference is built from the clients with discharges, their
    /// summaries read one at a time in client-id order (`TrackReference.build`'s order); then
    /// every row, each summary read again and dropped once its row is built.
    static func analysed(
        _ read: CaseloadIndexStream, catalog: InstrumentCatalog, options: AnalysisOptions
    ) -> (
        sds: [String: Double], discharges: [String: [Discharge]], reference: TrackReference, rows: [CaseloadEntry]
    )? {
        let sds = caseloadSDs(stats: read.stats, catalog: catalog, options: options)
        let discharges = read.discharges
        var entries: [TrackReference.Entry] = []
        for (i, id) in read.clients.enumerated() where discharges[id.rawValue]?.isEmpty == false {
            guard let summary = read.summary(at: i) else { return nil }
            entries +=
                TrackReferenceLoader.reference(
                    summaries: [summary], discharges: discharges, catalog: catalog, options: options
                ).entries
        }
        let reference = TrackReference(entries: entries)
        guard
            let rows = CaseloadEntry.caseload(
                count: read.count, summary: read.summary(at:), catalog: catalog, options: options, caseloadSDs: sds,
                discharges: discharges, reference: reference, responses: read.responses)
        else { return nil }
        return (sds, discharges, reference, rows)
    }

    /// The rows of the clients `visibility` allows (need-to-know access); the SDs and the
    /// expected-recovery reference stay clinic-wide aggregates.
    static func visible(
        _ rows: [CaseloadEntry], _ visibility: Visibility, _ therapists: [ClientID: AccountID], _ store: DataStore
    ) -> [CaseloadEntry] {
        if case .everyone = visibility { return rows }
        let allowed = visibleClients(rows.map(\.client), visibility, therapists, store)
        return rows.filter { allowed.contains($0.client) }
    }

    /// The visible ones of `ids`: by the therapist the caseload index records for each client (a
    /// sealed index: the caseload its line is sealed to, which every move rewrites), else by its
    /// `client.json` (a plaintext index records no therapist). The same rule as
    /// `Visibility.allows`, without a file read per client in a sealed directory.
    static func visibleClients(
        _ ids: [ClientID], _ visibility: Visibility, _ therapists: [ClientID: AccountID], _ store: DataStore
    ) -> Set<ClientID> {
        Set(visibility.filter(ids, recorded: therapists, in: store))
    }
}
