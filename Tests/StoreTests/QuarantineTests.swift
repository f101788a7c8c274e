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

    func administration(_ date: String) throws -> NewAdministration {
        NewAdministration(
            clientId: id, sessionDate: try SessionDate(date), rater: .client,
            instrument: try Fixtures.instrument("wai-sr"),
            answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4], administeredAt: clock.now(), source: .cli)
    }

    /// A summary is replaced without a flush, so a power cut can leave it empty: that is rebuilt
    /// and written over, with nothing moved aside (an empty file holds nothing to keep); an empty
    /// draft, which is not derived, is still kept.
    @Test func anEmptySummaryIsRebuiltWithoutQuarantine() throws {
        defer { dir.remove() }
        try store.save(try administration("2026-11-01"))
        try Data().write(to: URL(fileURLWithPath: store.layout.summary(id)))
        try store.save(try administration("2026-11-08"))
        #expect(!FileManager.default.fileExists(atPath: store.layout.root + "/quarantine"))
        #expect(try !store.audit.entries().contains { $0.event == .fileQuarantined })
        let written = try Data(contentsOf: URL(fileURLWithPath: store.layout.summary(id)))
        #expect(try StoreCoding.decode(ClientSummary.self, from: written, path: "summary.json").sessions.count == 2)

        try Data().write(to: URL(fileURLWithPath: store.layout.draft(id, session: 2, rater: .client)))
        try store.saveDraft(try draft([1]))
        #expect(
            TreeSnapshot(store.layout.root + "/quarantine").entries.keys.contains { $0.hasSuffix("s0002-client.json") })
    }

    /// A summary written through its spare (holes punched, then written) can be left torn by a
    /// power cut: zeros where the new contents had not reached the disk. Readers rebuild it, `check`
    /// warns (no error), and the next save writes over it with nothing moved aside.
    @Test(arguments: [false, true]) func aTornSummaryIsRebuiltWithoutQuarantine(validPrefix: Bool) throws {
        defer { dir.remove() }
        try store.save(try administration("2026-11-01"))
        let path = store.layout.summary(id)
        let intact = try Data(contentsOf: URL(fileURLWithPath: path))
        let expected = try store.summary(id)
        var torn = Data(count: intact.count)
        if validPrefix { torn.replaceSubrange(0..<40, with: intact.prefix(40)) }
        try torn.write(to: URL(fileURLWithPath: path))
        #expect(try store.summary(id) == expected)
        let report = try StoreChecker(store: store, catalog: nil).run()
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.warnings.contains { $0.path == path && $0.reason.contains("torn") })
        try store.save(try administration("2026-11-08"))
        #expect(!FileManager.default.fileExists(atPath: store.layout.root + "/quarantine"))
        #expect(try !store.audit.entries().contains { $0.event == .fileQuarantined })
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try StoreCoding.decode(ClientSummary.self, from: written, path: "summary.json").sessions.count == 2)
        #expect(try StoreChecker(store: store, catalog: nil).run().problems.isEmpty)
    }

    /// A save reads the summary under the client's lock and writes over it without decoding it
    /// again; a summary found damaged by that read is still moved aside before it is replaced.
    @Test func saveMovesADamagedSummaryAsideBeforeReplacingIt() throws {
        defer { dir.remove() }
        try store.save(try administration("2026-11-01"))
        let damaged = Data("{\"schemaVersion\":2,\"clientId\":".utf8)
        try damaged.write(to: URL(fileURLWithPath: store.layout.summary(id)))
        try store.save(try administration("2026-11-08"))
        let kept = TreeSnapshot(store.layout.root + "/quarantine").entries
        #expect(kept.values.contains { $0.hasSuffix(damaged.base64EncodedString()) })
        #expect(kept.keys.contains { $0.hasSuffix("/clients/C1/summary.json") })
        #expect(
            try store.audit.entries().contains { $0.event == .fileQuarantined && $0.path == "clients/C1/summary.json" })
        let written = try Data(contentsOf: URL(fileURLWithPath: store.layout.summary(id)))
        let summary = try StoreCoding.decode(ClientSummary.self, from: written, path: "summary.json")
        #expect(summary.sessions.count == 2)
        #expect(try store.summary(id) == summary)
    }

    /// A summary of a newer format, or not a regular file, is not read intact either: moved aside.
    @Test func saveMovesANewerOrLinkedSummaryAside() throws {
        defer { dir.remove() }
        try store.save(try administration("2026-11-01"))
        let path = store.layout.summary(id)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"schemaVersion\":\(currentSchemaVersion)", with: "\"schemaVersion\":9")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try store.save(try administration("2026-11-08"))
        var kept = TreeSnapshot(store.layout.root + "/quarantine").entries
        #expect(kept.values.contains { $0.hasSuffix(Data(text.utf8).base64EncodedString()) })
        let outside = dir.appending("outside.json")
        try FileManager.default.moveItem(atPath: path, toPath: outside)
        let outsideBefore = try String(contentsOfFile: outside, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside)
        try store.save(try administration("2026-11-15"))
        kept = TreeSnapshot(store.layout.root + "/quarantine").entries
        #expect(kept.keys.filter { $0.hasSuffix("/clients/C1/summary.json") }.count == 2)
        // The link was moved aside, not written through: the file outside is as it was.
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == outsideBefore)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType == .typeRegular)
        #expect(try store.summary(id).sessions.count == 3)
    }

    /// An intact summary, current or behind the client's counter, is written over: nothing moved.
    @Test func saveOverAnIntactSummaryMovesNothing() throws {
        defer { dir.remove() }
        try store.save(try administration("2026-11-01"))
        let behind = try Data(contentsOf: URL(fileURLWithPath: store.layout.summary(id)))
        try store.save(try administration("2026-11-08"))
        try behind.write(to: URL(fileURLWithPath: store.layout.summary(id)))
        try store.save(try administration("2026-11-15"))
        try store.save(try administration("2026-11-22"))
        #expect(!FileManager.default.fileExists(atPath: store.layout.root + "/quarantine"))
        #expect(try store.summary(id).sessions.count == 4)
        #expect(try !store.audit.entries().contains { $0.event == .fileQuarantined })
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
