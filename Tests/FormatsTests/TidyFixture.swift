import Formats
import Foundation
import Instruments
import Store
import TestSupport

/// A small data directory for the tidy export and import tests: two clients, a discharge, a
/// note, a German administration, forms from the kiosk, the CLI and paper.
struct TidyFixture {
    let directory: TemporaryDirectory
    let store: DataStore
    let catalog: InstrumentCatalog

    static func time(_ iso: String) -> Date { try! Date(iso, strategy: Date.ISO8601FormatStyle()) }

    static func emptyStore(
        _ label: String = "rapport-tidy", fileSystem: any FileSystem = PosixFileSystem()
    ) throws -> TidyFixture {
        let directory = try TemporaryDirectory(label)
        let store = DataStore(
            root: directory.appending("data"), fileSystem: fileSystem, clock: FixedClock(Fixtures.referenceDate),
            durable: false)
        try store.initialize()
        return TidyFixture(directory: directory, store: store, catalog: try Fixtures.catalog())
    }

    static func make() throws -> TidyFixture {
        let f = try emptyStore()
        let store = f.store
        let c1 = try ClientID("C1")
        let c2 = try ClientID("C2")
        try store.addClient(c1, therapist: "Dr Lee")
        try store.addClient(c2)
        let phq = try f.catalog.instrument("phq-9")
        let gad = try f.catalog.instrument("gad-7")
        func save(
            _ id: ClientID, _ i: Instrument, _ date: String, _ answers: [Int?], _ source: RecordSource,
            _ language: String? = nil
        ) throws {
            _ = try store.save(
                NewAdministration(
                    clientId: id, sessionDate: try SessionDate(date), rater: i.rater, instrument: i, answers: answers,
                    administeredAt: time(date + "T09:00:00Z"), source: source, language: language))
        }
        try save(c1, phq, "2026-11-03", [1, 1, 1, 1, 1, 1, 1, 1, nil], .cli)
        try save(c1, gad, "2026-11-10", [0, 1, 2, 3, 0, 1, 2], .kiosk, "de")
        try store.discharge(c1, date: try SessionDate("2026-11-10"), reason: .completed)
        try save(c1, phq, "2026-11-17", [0, 0, 0, 0, 0, 0, 0, 0, 1], .paper)
        try save(c2, gad, "2026-11-05", [3, 3, 3, 3, 3, 3, 3], .rate)
        try store.addNote(c1, session: 1, text: "Talked about \"sleep\", work")
        return f
    }

    func clients() throws -> [TidyClient] {
        try store.clientIDs().ids.map { try TidyClient.load(store, $0).client }
    }

    func remove() { directory.remove() }
}

/// Rows of a CSV as dictionaries by column name.
func table(_ csv: String) throws -> (header: [String], rows: [[String: String]]) {
    let rows = try CSV.parse(csv)
    let header = rows.first ?? []
    return (header, rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
}
