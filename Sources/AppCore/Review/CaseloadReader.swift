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
        return (visibility.filter(read.summaries, in: store), read.problems)
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
    /// episodes as the expected-recovery reference.
    public static func rows(
        _ store: DataStore, catalog: InstrumentCatalog, options: AnalysisOptions = .standard,
        visibility: Visibility = .everyone
    ) throws(StoreError) -> (
        rows: [CaseloadEntry], caseloadSDs: [String: Double], reference: TrackReference, problems: [StoreProblem]
    ) {
        let (summaries, problems) = try summaries(store, visibility: visibility)
        let sds = CaseloadReport.caseloadSDs(summaries: summaries, catalog: catalog, options: options)
        let (discharges, reference) = TrackReferenceLoader.load(
            store: store, summaries: summaries, catalog: catalog, options: options)
        // The therapist's answers to alerts (an unreadable file: the alerts keep showing).
        var responses: [String: [AlertResponse]] = [:]
        for s in summaries {
            if let given = try? store.alertResponses(s.clientId), !given.isEmpty {
                responses[s.clientId.rawValue] = given
            }
        }
        let rows = CaseloadEntry.caseload(
            summaries: summaries, catalog: catalog, options: options, caseloadSDs: sds, discharges: discharges,
            reference: reference, responses: responses)
        return (rows, sds, reference, problems)
    }
}
