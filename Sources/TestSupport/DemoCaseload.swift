import Foundation
import Instruments
import Store

/// A small demo caseload in a temporary directory, made by ``Store/DemoGenerator`` with a
/// fixed seed and a fixed clock, for review reducer, view and command tests.
public struct DemoCaseload: Sendable {
    /// The temporary directory (remove with ``remove()``).
    public let directory: TemporaryDirectory
    /// The data directory inside it.
    public let store: DataStore
    /// The shipped instruments.
    public let catalog: InstrumentCatalog
    /// The clock the store uses (the reference date).
    public let clock: FixedClock

    /// Makes `clients` demo clients with `sessions` sessions each.
    public static func make(clients: Int = 12, sessions: Int = 14, seed: UInt64 = 7) throws -> DemoCaseload {
        let directory = try TemporaryDirectory("rapport-review")
        let clock = FixedClock(Fixtures.referenceDate)
        let store = DataStore(root: directory.appending("data"), clock: clock, durable: false)
        try store.initialize(demo: true)
        let catalog = try Fixtures.catalog()
        let generator = DemoGenerator(
            catalog: catalog,
            options: .init(clients: clients, sessions: sessions, seed: seed, start: try SessionDate("2026-06-01")))
        _ = try generator.write(into: store, workers: 1)
        return DemoCaseload(directory: directory, store: store, catalog: catalog, clock: clock)
    }

    /// `--data-dir <path>` for running the binary on this caseload.
    public var dataArguments: [String] { ["--data-dir", store.layout.root] }

    /// Removes the directory.
    public func remove() { directory.remove() }
}
