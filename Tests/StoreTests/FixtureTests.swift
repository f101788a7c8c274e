import Foundation
import Instruments
import Store
import Testing
import TestSupport

/// Every past schemaVersion must stay readable: a committed data directory per version.
@Suite("Committed fixtures of past schema versions")
struct FixtureTests {
    static let v1 = Fixtures.repositoryRoot.appendingPathComponent("Tests/StoreTests/Fixtures/v1").path

    /// A writable copy of the fixture (the original stays untouched).
    func copy() throws -> (TemporaryDirectory, DataStore) {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: FixtureTests.v1, toPath: dir.appending("data"))
        return (dir, DataStore(root: dir.appending("data")))
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
