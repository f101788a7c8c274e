import Foundation
import Instruments
import Store
import TestSupport
import Testing

/// Every past schemaVersion must stay readable: a committed data directory per version.
@Suite("Committed fixtures of past schema versions")
struct FixtureTests {
    static let v1 = Fixtures.repositoryRoot.appendingPathComponent("Tests/StoreTests/Fixtures/v1").path
    static let v1Backdated = Fixtures.repositoryRoot.appendingPathComponent("Tests/StoreTests/Fixtures/v1-backdated")
        .path

    /// A writable copy of the fixture (the original stays untouched).
    func copy(_ fixture: String = FixtureTests.v1) throws -> (TemporaryDirectory, DataStore) {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: fixture, toPath: dir.appending("data"))
        return (dir, DataStore(root: dir.appending("data"), clock: FixedClock(Fixtures.referenceDate)))
    }

    /// Version 1 numbered sessions in order of entry; version 2 reads them in date order, notes
    /// with their sessions, and does not trust the old summary.
    @Test func version1SessionsAreReadInDateOrder() throws {
        let (dir, original) = try copy(FixtureTests.v1Backdated)
        defer { dir.remove() }
        var store = original
        let catalog = try Fixtures.catalog()
        store.instrumentsForOldRecords = { catalog }
        let id = try ClientID("F002")
        let summary = try store.summary(id)
        #expect(summary.sessions.map(\.date.rawValue) == ["2026-10-01", "2026-10-08", "2026-11-20"])
        #expect(summary.series("phq-9", .client, "total").map(\.session) == [1, 2, 3])
        #expect(summary.series("phq-9", .client, "total").map(\.value) == [8, 9, 18])
        #expect(summary.risk.map(\.session) == [2, 3])
        #expect(summary.notes.map(\.text) == ["paper form", "crisis plan agreed"])
        #expect(summary.notes.map(\.session) == [2, 3])
        #expect(summary.notes.map { $0.date?.rawValue } == ["2026-10-08", "2026-11-20"])
        #expect(summary.lastSessionDate?.rawValue == "2026-11-20")
        // The version-1 summary was replaced by a version-2 one, so the next read is one small file.
        let written = try Data(contentsOf: URL(fileURLWithPath: store.layout.summary(id)))
        #expect(
            try StoreCoding.decode(ClientSummary.self, from: written, path: "summary.json").schemaVersion
                == currentSchemaVersion)
        #expect(try StoreCoding.decode(ClientSummary.self, from: written, path: "summary.json") == summary)
        // A new form of a day already present is a duplicate, found by date.
        let phq = try Fixtures.instrument("phq-9")
        #expect(throws: StoreError.self) {
            try store.save(
                NewAdministration(
                    clientId: id, sessionDate: try SessionDate("2026-10-01"), rater: .client, instrument: phq,
                    answers: [0, 0, 0, 0, 0, 0, 0, 0, 0], administeredAt: Fixtures.referenceDate, source: .cli))
        }
        // A note added now dates the old ones too.
        try store.addNote(id, session: 1, text: "first")
        let notes = try store.notes(id)
        #expect(notes.allSatisfy { $0.date != nil })
        #expect(try store.summary(id).notes.map(\.session) == [1, 2, 3])
    }

    /// Version 1 did not record a skipped risk item; with the instruments at hand it is flagged.
    @Test func version1SkippedRiskItemIsFlaggedFromTheInstrument() throws {
        let (dir, original) = try copy(FixtureTests.v1Backdated)
        var store = original
        defer { dir.remove() }
        let id = try ClientID("F002")
        #expect(try store.summary(id).risk.map(\.unanswered) == [false])
        // Without the instruments the version-1 summary is not replaced (a later reader can do better).
        #expect(try String(contentsOfFile: store.layout.summary(id), encoding: .utf8).contains("\"schemaVersion\":1"))
        let catalog = try Fixtures.catalog()
        store.instrumentsForOldRecords = { catalog }
        let risk = try store.summary(id).risk
        #expect(risk.map(\.session) == [2, 3])
        #expect(risk.map(\.unanswered) == [true, false])
        #expect(risk.first?.recordId == "s0003-client-phq-9-r00003")
    }

    @Test func version1BackdatedPassesCheck() throws {
        let (dir, store) = try copy(FixtureTests.v1Backdated)
        defer { dir.remove() }
        let report = try StoreChecker(store: store, catalog: try Fixtures.catalog()).run()
        #expect(report.errors.isEmpty, "\(report.errors)")
    }

    @Test func version1Reads() throws {
        let (dir, store) = try copy()
        defer { dir.remove() }
        let id = try ClientID("F001")
        let client = try store.client(id)
        #expect(client.therapist == "Dr Lee")
        #expect(client.battery == ["wai-sr", "phq-9"])
        let (records, problems) = try store.records(id)
        #expect(problems.isEmpty)
        #expect(records.count == 3)
        let current = AdministrationRecord.current(records)
        // Same session and save second: ordered by id.
        #expect(current.map(\.id) == ["s0001-client-phq-9-r00003", "s0001-client-wai-sr-r00001"])
        #expect(current.first?.supersedes == "s0001-client-phq-9-r00002")
        #expect(current.last?.answers[3] == nil)
        let draft = try #require(try store.loadDraft(id, session: 2, rater: .client))
        #expect(draft.answers["phq-9"]?[1] == nil)
        #expect(draft.skipped["phq-9"] == [2])
        #expect(try store.notes(id).map(\.text) == ["first session"])
        let summary = try store.summary(id)
        #expect(summary.series("phq-9", .client, "total").map(\.value) == [6])  // 0+1+1+1+0+1+1+1+0, the correction
        #expect(summary.notes.count == 1)
        _ = try store.loadConfig()
    }

    @Test func version1PassesCheck() throws {
        let (dir, store) = try copy()
        defer { dir.remove() }
        let report = try StoreChecker(store: store, catalog: try Fixtures.catalog()).run()
        #expect(report.errors.isEmpty, "\(report.errors)")
    }
}
