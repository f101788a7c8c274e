import Foundation
import Instruments
import Store
import TestSupport
import Testing

@Suite("Quarantine")
struct QuarantineTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let id: ClientID

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
        id = try ClientID("C1")
        try store.addClient(id)
    }

    func draft(_ answers: [Int?]) throws -> Draft {
        Draft(
            clientId: id, session: 2, sessionDate: try SessionDate("2026-11-24"), rater: .client, battery: ["phq-9"],
            answers: ["phq-9": answers], updatedAt: clock.now())
    }

    @Test func damagedDraftIsMovedAsideNotOverwritten() throws {
        defer { dir.remove() }
        let path = store.layout.draft(id, session: 2, rater: .client)
        try Data("{\"schemaVersion\":1,\"answ".utf8).write(to: URL(fileURLWithPath: path))
        try store.saveDraft(try draft([1, 2]))
        #expect(try store.loadDraft(id, session: 2, rater: .client)?.answers["phq-9"] == [1, 2])
        let kept = TreeSnapshot(store.layout.root + "/quarantine").entries
        #expect(kept.values.contains { $0.hasSuffix(Data("{\"schemaVersion\":1,\"answ".utf8).base64EncodedString()) })
        #expect(kept.keys.contains { $0.hasSuffix("/clients/C1/drafts/s0002-client.json") })
        let logged = try store.audit.entries().last
        #expect(logged?.event == .fileQuarantined)
        #expect(logged?.role == .system)
        #expect(logged?.path == "clients/C1/drafts/s0002-client.json")
    }

    @Test func draftFromNewerRapportIsKeptAside() throws {
        defer { dir.remove() }
        let path = store.layout.draft(id, session: 2, rater: .client)
        try store.saveDraft(try draft([0]))
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"schemaVersion\":\(currentSchemaVersion)", with: "\"schemaVersion\":9")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try store.saveDraft(try draft([3]))
        let kept = TreeSnapshot(store.layout.root + "/quarantine").entries
        #expect(kept.values.contains { $0.hasSuffix(Data(text.utf8).base64EncodedString()) })
    }

    @Test func configAndAuditAreNeverMoved() throws {
        defer { dir.remove() }
        try "{".write(toFile: store.layout.config, atomically: false, encoding: .utf8)
        let report = try StoreChecker(store: store, catalog: nil).run()
        #expect(report.errors.map(\.path) == [store.layout.config])
        let outcome = try Quarantine(store: store).run(report)
        #expect(outcome.moved.isEmpty)
        #expect(outcome.kept.first?.reason == "rapport needs this file in place; repair or restore it by hand")
        #expect(FileManager.default.fileExists(atPath: store.layout.config))
    }

    @Test func twoRunsInOneSecondGetTwoFolders() throws {
        defer { dir.remove() }
        let q = Quarantine(store: store)
        for n in 0..<2 {
            let p = store.layout.records(id) + "/s000\(n + 1)-client-phq-9-r0000\(n + 1).json"
            try Data().write(to: URL(fileURLWithPath: p))
            _ = try q.run(try StoreChecker(store: store, catalog: nil).run())
        }
        let folders = try FileManager.default.contentsOfDirectory(atPath: q.directory).sorted()
        #expect(folders == ["2026-11-24T090000Z", "2026-11-24T090000Z-2"])
    }
}
