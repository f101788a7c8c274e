import Analytics
import Foundation
import Instruments
import Store

/// Builds the expected-recovery reference (every closed episode) from summaries and their
/// discharges, as `rapport analyze` does. (The review screens and `rapport chart --client` take the
/// reference the caseload rows were built with: `CaseloadReader.reference`.)
public enum TrackReferenceLoader {
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
