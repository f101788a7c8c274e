import Foundation
import Instruments
import Store
import TestSupport
import Testing

/// Corrections never overwrite: a corrected administration is a new record that supersedes the
/// old one; both are kept, and summaries (charts) and exports show the current one.
@Suite("Corrections")
struct CorrectionTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
    }

    @Test func chainOfCorrectionsKeepsEveryVersion() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        let gad = try Fixtures.instrument("gad-7")
        var saved: [AdministrationRecord] = []
        for (n, value) in [3, 2, 1].enumerated() {
            clock.advance(by: 60)
            saved.append(
                try store.save(
                    NewAdministration(
                        clientId: id, sessionDate: try SessionDate("2026-11-24"), rater: .client, instrument: gad,
                        answers: [Int?](repeating: value, count: 7), administeredAt: clock.now(), source: .cli,
                        replace: n > 0)))
        }
        // Every version is on disk, byte for byte as first written.
        let (records, problems) = try store.records(id)
        #expect(problems.isEmpty)
        #expect(records.count == 3)
        for record in saved { #expect(try store.record(id, id: record.id) == record) }
        #expect(saved[1].supersedes == saved[0].id)
        #expect(saved[2].supersedes == saved[1].id)
        #expect(Set(saved.map(\.session)) == [1])
        // Only the latest counts.
        #expect(AdministrationRecord.current(records) == [saved[2]])
        let summary = try store.summary(id)
        #expect(summary.series("gad-7", .client, "total") == [ScorePoint(session: 1, value: 7)])
        #expect(summary.recordCount == 3)
        // A rebuilt summary agrees.
        try FileManager.default.removeItem(atPath: store.layout.summary(id))
        #expect(try store.summary(id) == summary)
        // The audit log has one save and two corrections.
        #expect(try store.audit.entries().map(\.event) == [.recordSaved, .recordCorrected, .recordCorrected])
    }

    @Test func correctionOfOneInstrumentLeavesOthers() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        let gad = try Fixtures.instrument("gad-7")
        let phq = try Fixtures.instrument("phq-9")
        func save(_ i: Instrument, _ v: Int, replace: Bool = false) throws -> AdministrationRecord {
            try store.save(
                NewAdministration(
                    clientId: id, sessionDate: try SessionDate("2026-11-24"), rater: .client, instrument: i,
                    answers: [Int?](repeating: v, count: i.items.count), administeredAt: clock.now(), source: .cli,
                    replace: replace))
        }
        let p = try save(phq, 1)
        _ = try save(gad, 3)
        let g2 = try save(gad, 0, replace: true)
        let current = AdministrationRecord.current(try store.records(id).records)
        #expect(Set(current.map(\.id)) == [p.id, g2.id])
    }
}
