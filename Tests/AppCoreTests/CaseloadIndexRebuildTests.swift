import Analytics
import Crypto
import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

/// The caseload index rebuilt, refreshed and compacted without every summary in memory (issue 13,
/// peak memory): the new index is written a line at a time to a temporary file, and the caseload
/// is read back from it one summary at a time, with what the whole read gives.
extension CaseloadIndexStreamTests {
    func rebuildLeftovers(_ store: DataStore) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store.layout.caseload)
            .filter { $0.hasPrefix(".index-rebuild-") }
    }

    func indexBytes(_ store: DataStore) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: store.layout.caseloadIndex))
    }

    /// Two caseloads: t1 (two clients in three) and t2; `admin` holds both keys, `therapist` t1's.
    func twoCaseloads(_ demo: DemoCaseload) throws -> (admin: DataStore, therapist: DataStore, inT1: Set<ClientID>) {
        let t1 = try AccountID("t1")
        let t2 = try AccountID("t2")
        let k1 = Curve25519.KeyAgreement.PrivateKey()
        let k2 = Curve25519.KeyAgreement.PrivateKey()
        var admin = demo.store
        admin.keyring = StaticKeyring(privateKeys: [t1: k1, t2: k2], clinicKey: SymmetricKey(size: .bits256))
        let ids = try demo.store.clientIDs().ids
        let inT1 = Set(ids.enumerated().filter { $0.offset % 3 != 0 }.map(\.element))
        try Migration(store: admin, assign: { inT1.contains($0.id) ? t1 : t2 }).run()
        var therapist = demo.store
        therapist.keyring = StaticKeyring(publicKeys: [t2: k2.publicKey], privateKeys: [t1: k1])
        return (admin, therapist, inT1)
    }

    /// The streamed read gives the summaries, statistics, feedback, caseloads, position and rows
    /// of the whole read that follows it.
    func expectSameAsWholeRead(_ stream: CaseloadIndexStream, _ store: DataStore, _ catalog: InstrumentCatalog) throws {
        let whole = try wholeRows(store, catalog)
        #expect(!whole.read.rebuilt)
        #expect(stream.clients == whole.summaries.map(\.clientId))
        #expect((0..<stream.count).map { stream.summary(at: $0) } == whole.summaries)
        #expect(stream.stats == whole.read.stats)
        #expect(stream.feedback == whole.read.feedback)
        #expect(stream.therapists == whole.read.therapists)
        #expect(stream.position != nil)
        #expect(stream.position == whole.read.position)
        #expect(!whole.reference.entries.isEmpty)
        let rows = try uncachedRows(store, catalog)
        #expect(rows.rows == whole.rows)
        #expect(rows.reference == whole.reference)
    }

    @Test func aMissingPlaintextIndexIsRebuiltAndReadBackOneSummaryAtATime() throws {
        let demo = try DemoCaseload.make(clients: 70, sessions: 4, seed: 5)
        defer { demo.remove() }
        let ids = try demo.store.clientIDs().ids
        for id in [ids[0], ids[33], ids[69]] { _ = try demo.store.discharge(id, reason: .completed) }
        // The index as the rebuild that holds every summary writes it.
        try demo.store.rebuildCaseloadIndex()
        let expected = try indexBytes(demo.store)
        try? FileManager.default.removeItem(atPath: demo.store.layout.caseloadIndex)
        let stream = try demo.store.caseloadStream()
        #expect(stream.rebuilt)
        #expect(stream.isStreamed)
        #expect(stream.clients == ids)
        #expect(try indexBytes(demo.store) == expected)
        #expect(try rebuildLeftovers(demo.store).isEmpty)
        try expectSameAsWholeRead(stream, demo.store, demo.catalog)
    }

    @Test func aSealedIndexIsRebuiltStreamedAndAnotherCaseloadRefreshedStreamed() throws {
        let demo = try DemoCaseload.make(clients: 72, sessions: 4, seed: 9)
        defer { demo.remove() }
        let (admin, therapist, inT1) = try twoCaseloads(demo)
        let ids = try demo.store.clientIDs().ids
        for id in [ids[1], ids[2], ids[3]] { _ = try admin.discharge(id, reason: .completed) }
        // t1's therapist rebuilds: t1's clients sealed and read back; t2's listed stale.
        try? FileManager.default.removeItem(atPath: demo.store.layout.caseloadIndex)
        let stream = try therapist.caseloadStream()
        #expect(stream.rebuilt)
        #expect(stream.isStreamed)
        #expect(Set(stream.clients) == inT1)
        #expect(try rebuildLeftovers(demo.store).isEmpty)
        try expectSameAsWholeRead(stream, therapist, demo.catalog)
        // The admin, holding t2's key too, refreshes t2's clients (their lines appended), then
        // streams: no rebuild, and the same caseload as a rebuild that holds every summary.
        let refreshed = try admin.caseloadStream()
        #expect(!refreshed.rebuilt)
        #expect(refreshed.isStreamed)
        #expect(refreshed.clients == ids)
        #expect(try lineCount(admin) > ids.count + 1)
        try expectSameAsWholeRead(refreshed, admin, demo.catalog)
        let held = try admin.rebuildCaseloadIndex()
        #expect((0..<refreshed.count).map { refreshed.summary(at: $0) } == held.summaries)
        #expect(refreshed.stats == held.stats)
    }

    @Test func aLongIndexIsCompactedWhileStreamed() throws {
        let demo = try DemoCaseload.make(clients: 20, sessions: 3, seed: 4)
        defer { demo.remove() }
        let (admin, _, _) = try twoCaseloads(demo)
        let plain = try DemoCaseload.make(clients: 20, sessions: 3, seed: 4)
        defer { plain.remove() }
        for store in [plain.store, admin] {
            let ids = try store.clientIDs().ids
            _ = try store.discharge(ids[4], reason: .completed)
            _ = try store.caseload()
            for (round, date) in ["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"].enumerated() {
                for id in ids { try save(store, demo.catalog, id, date, round % 3) }
            }
            #expect(try lineCount(store) > 2 * ids.count + 64)
            let stream = try store.caseloadStream()
            #expect(!stream.rebuilt)
            #expect(stream.isStreamed)
            #expect(try lineCount(store) == ids.count + 1)
            #expect(try rebuildLeftovers(store).isEmpty)
            try expectSameAsWholeRead(stream, store, demo.catalog)
            // Every client's latest line won.
            #expect(stream.summary(at: 7)?.sessions.last?.date == (try SessionDate("2026-11-22")))
        }
    }

    @Test func aRebuildThatCannotWriteItsFileReadsAsBefore() throws {
        let demo = try DemoCaseload.make(clients: 12, sessions: 3, seed: 6)
        defer { demo.remove() }
        let fs = FailingFileSystem()
        let store = DataStore(root: demo.store.layout.root, fileSystem: fs, clock: demo.clock, durable: false)
        let whole = try store.caseload()
        try? FileManager.default.removeItem(atPath: store.layout.caseloadIndex)
        fs.failAppends(containing: ".index-rebuild-")
        let stream = try store.caseloadStream()
        #expect(stream.rebuilt)
        #expect(!stream.isStreamed)  // every summary held, as the rebuild did before
        #expect((0..<stream.count).map { stream.summary(at: $0) } == whole.summaries)
        #expect(try rebuildLeftovers(store).isEmpty)
        // (That rebuild wrote its index whole.)
        #expect(try lineCount(store) == whole.summaries.count + 1)
    }

    @Test func leftoversOfAKilledRebuildAreRemovedByTheNext() throws {
        let demo = try DemoCaseload.make(clients: 6, sessions: 2, seed: 3)
        defer { demo.remove() }
        // A process that has ended, and this one (whose rebuild may be under way).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dir = demo.store.layout.caseload
        let dead = ".index-rebuild-\(ended.processIdentifier)-12345"
        let live = ".index-rebuild-\(getpid())-67890"
        for name in [dead, live] {
            #expect(FileManager.default.createFile(atPath: dir + "/" + name, contents: Data("x\n".utf8)))
        }
        try? FileManager.default.removeItem(atPath: demo.store.layout.caseloadIndex)
        #expect(try demo.store.caseloadStream().rebuilt)
        #expect(try rebuildLeftovers(demo.store) == [live])
    }
    /// One client's chart takes the expected-recovery reference from the rows cache while it
    /// stands for the index as it is (no summary read), and never a stale one.
    @Test func oneClientsReferenceIsTheRowsCachesWhileItIsCurrent() throws {
        let demo = try DemoCaseload.make(clients: 16, sessions: 6, seed: 12)
        defer { demo.remove() }
        let ids = try demo.store.clientIDs().ids
        _ = try demo.store.discharge(ids[0], reason: .completed)
        let rows = try CaseloadReader.rows(demo.store, catalog: demo.catalog)
        let whole = try wholeRows(demo.store, demo.catalog)
        #expect(!whole.reference.entries.isEmpty)
        #expect(rows.reference == whole.reference)
        #expect(try CaseloadReader.reference(demo.store, catalog: demo.catalog) == whole.reference)
        // (Read from the cache's header and reference alone, its rows not decoded.)
        let place = try #require(CaseloadRowsCache.place(demo.store))
        let cached = try #require(CaseloadRowsCache.readReference(demo.store, at: place))
        #expect(cached.reference == whole.reference)
        #expect(cached.header.position == demo.store.caseloadIndexPosition())
        // Another discharge changes the reference: the cache no longer stands for the index.
        _ = try demo.store.discharge(ids[1], reason: .completed)
        let after = try CaseloadReader.reference(demo.store, catalog: demo.catalog)
        #expect(after != whole.reference)
        #expect(after == (try wholeRows(demo.store, demo.catalog)).reference)
    }
}
