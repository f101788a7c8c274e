import ArgumentParser
import Foundation
import Instruments
import Store

/// The `--data-dir` option shared by every command that uses the data directory.
struct DataOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: "Data directory (default: $RAPPORT_DATA_DIR, else ${XDG_DATA_HOME:-~/.local/share}/rapport).")
    var dataDir: String?

    var path: String {
        DataLayout.resolve(explicit: dataDir, environment: ProcessInfo.processInfo.environment)
    }

    /// The store for an existing data directory.
    func store(durable: Bool = true) throws -> DataStore {
        var store = DataStore(root: path, durable: durable)
        try store.requireInitialized()
        // Records of schemaVersion 1 do not say which risk items were skipped; the instrument
        // definitions do (loaded only if such a record is met while a summary is rebuilt).
        let clinic = path + "/instruments"
        let lazy = LazyCatalog { try? Assets.catalog(clinic: clinic, warn: false) }
        store.instrumentsForOldRecords = { lazy.value }
        return store
    }

    /// The instrument catalog: shipped instruments plus the clinic's own.
    func catalog(warn: Bool = true) throws -> InstrumentCatalog {
        try Assets.catalog(clinic: path + "/instruments", warn: warn)
    }
}

/// A catalog loaded on first use, once.
final class LazyCatalog: @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: InstrumentCatalog??
    private let load: @Sendable () -> InstrumentCatalog?
    init(_ load: @escaping @Sendable () -> InstrumentCatalog?) { self.load = load }
    var value: InstrumentCatalog? {
        lock.withLock {
            if let loaded { return loaded }
            let value = load()
            loaded = .some(value)
            return value
        }
    }
}
