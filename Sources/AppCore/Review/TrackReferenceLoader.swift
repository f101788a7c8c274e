import Analytics
import Foundation
import Instruments
import Store

/// Reads the caseload's discharges and builds the expected-recovery reference (every closed
/// episode), as `rapport analyze` does; the review screens and `rapport chart --client` use it so
/// that their bands are the same.
public enum TrackReferenceLoader {
    /// Discharges by client id and the reference built from them. A client whose episodes file
    /// cannot be read counts as having one open episode (its summary problems are reported by the
    /// caseload already).
    public static func load(
        store: DataStore, summaries: [ClientSummary], catalog: InstrumentCatalog, options: AnalysisOptions
    ) -> (discharges: [String: [Discharge]], reference: TrackReference) {
        var discharges: [String: [Discharge]] = [:]
        for s in summaries {
            if let ds = try? store.discharges(s.clientId), !ds.isEmpty { discharges[s.clientId.rawValue] = ds }
        }
        return (discharges, reference(summaries: summaries, discharges: discharges, catalog: catalog, options: options))
    }

    /// The caseload's discharges and reference from the caseload index (one file, no file per
    /// client), with the summaries it holds.
    public static func load(
        store: DataStore, catalog: InstrumentCatalog, options: AnalysisOptions
    ) throws(StoreError) -> (summaries: [ClientSummary], discharges: [String: [Discharge]], reference: TrackReference) {
        let read = try store.caseload()
        let discharges = read.discharges
        return (
            read.summaries, discharges,
            reference(summaries: read.summaries, discharges: discharges, catalog: catalog, options: options)
        )
    }

    /// The reference built from the summaries and their discharges.
    public static func reference(
        summaries: [ClientSummary], discharges: [String: [Discharge]], catalog: InstrumentCatalog,
        options: AnalysisOptions
    ) -> TrackReference {
        TrackReference.build(summaries: summaries, discharges: discharges, catalog: catalog, options: options)
    }
}

/// The last reference built, shared by the effect performer's copies (a lock guards it).
final class ReferenceCache: @unchecked Sendable {
    private let lock = NSLock()
    private var value: TrackReference?

    func get() -> TrackReference? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func clear() {
        lock.lock()
        defer { lock.unlock() }
        value = nil
    }

    func set(_ v: TrackReference) {
        lock.lock()
        defer { lock.unlock() }
        value = v
    }
}
