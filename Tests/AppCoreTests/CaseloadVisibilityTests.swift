import Foundation
import Store
import TestSupport
import Testing

@testable import AppCore

/// Need-to-know filtering of the caseload rows (issue 13): in a sealed directory each row's
/// therapist comes from the caseload index (and the rows cache), not from a `client.json` per
/// client; a move (`client assign`) shows at once, however warm the caches are.
@Suite("Caseload visibility")
struct CaseloadVisibilityTests {
    /// The real file system, counting the reads of `client.json` files.
    final class CountingFileSystem: FileSystem, @unchecked Sendable {
        private let real = PosixFileSystem()
        private let lock = NSLock()
        private var count = 0

        var clientRecordReads: Int { lock.withLock { count } }
        func reset() { lock.withLock { count = 0 } }

        func writeAtomically(_ data: Data, to path: String, durable: Bool) throws(StoreError) {
            try real.writeAtomically(data, to: path, durable: durable)
        }
        func writeAtomically(_ data: Data, to path: String, durable: Bool, syncDirectory: Bool) throws(StoreError) {
            try real.writeAtomically(data, to: path, durable: durable, syncDirectory: syncDirectory)
        }
        func syncDirectory(_ dir: String) throws(StoreError) { try real.syncDirectory(dir) }
        func read(_ path: String) throws(StoreError) -> Data {
            if path.hasSuffix("/client.json") { lock.withLock { count += 1 } }
            return try real.read(path)
        }
        func makeDirectory(_ path: String) throws(StoreError) { try real.makeDirectory(path) }
        func list(_ path: String) throws(StoreError) -> [String] { try real.list(path) }
        func exists(_ path: String) -> Bool { real.exists(path) }
        func rename(_ from: String, to: String) throws(StoreError) { try real.rename(from, to: to) }
        func remove(_ path: String) throws(StoreError) { try real.remove(path) }
        func syncAll() { real.syncAll() }
        func append(_ data: Data, to path: String) throws(StoreError) { try real.append(data, to: path) }
    }

    @Test func aMovedClientAppearsAndDisappearsAtOnceWithoutAFileReadPerClient() throws {
        let sealed = try TwoCaseloads(clients: 16, sessions: 6, seed: 4)
        defer { sealed.remove() }
        let (demo, t1, t2, admin, ids, inT1) = (
            sealed.demo, sealed.t1, sealed.t2, sealed.admin, sealed.ids, sealed.inT1
        )
        let fs = CountingFileSystem()
        // t1's therapist (t1's caseload key only), and a process holding both caseload keys that
        // may see t1's clients only: there the filter alone keeps t2's clients out.
        let therapist = sealed.store(sealed.t1Keyring, fileSystem: fs)
        let both = sealed.store(sealed.full, fileSystem: fs)
        let sees = Visibility.therapists([t1.rawValue])
        func rows(_ s: DataStore) throws -> Set<ClientID> {
            Set(try CaseloadReader.rows(s, catalog: demo.catalog, visibility: sees).rows.map(\.client))
        }
        // The rule as `client.json` states it (one file per client).
        func byFiles() throws -> Set<ClientID> { Set(sees.filter(try admin.clientIDs().ids, in: admin)) }
        #expect(try rows(therapist) == inT1)
        #expect(try rows(both) == inT1)
        // Warm caches: the rows are filtered without reading any client.json.
        fs.reset()
        #expect(try rows(therapist) == inT1)
        #expect(try rows(both) == inT1)
        #expect(fs.clientRecordReads == 0)
        #expect(try CaseloadReader.rows(admin, catalog: demo.catalog).rows.count == ids.count)

        // One of t1's clients moves to t2 and one of t2's to t1, both caches warm.
        let leaving = try #require(ids.first { inT1.contains($0) })
        let joining = try #require(ids.first { !inT1.contains($0) })
        try admin.resealClient(leaving, to: t2)
        try admin.resealClient(joining, to: t1)
        let now = inT1.subtracting([leaving]).union([joining])
        #expect(try byFiles() == now)
        #expect(try rows(both) == now)
        #expect(try rows(therapist) == now)
        // And again from the caches written after the move.
        fs.reset()
        #expect(try rows(both) == now)
        #expect(try rows(therapist) == now)
        #expect(fs.clientRecordReads == 0)
        // Moved back: gone again at once.
        try admin.resealClient(joining, to: t2)
        #expect(try rows(both) == now.subtracting([joining]))
        #expect(try rows(therapist) == now.subtracting([joining]))
    }

    /// Every visible client id (export, analyze, alert, risk list): from the sealed caseload
    /// index's therapists when it is fresh, without a `client.json` read; a moved client appears
    /// and disappears at once; a stale client (a kiosk save) alone is read by its file.
    @Test func theVisibleClientIDsComeFromAFreshSealedIndexWithoutAFileReadPerClient() throws {
        let sealed = try TwoCaseloads(clients: 16, sessions: 6, seed: 8)
        defer { sealed.remove() }
        let fs = CountingFileSystem()
        let counted = sealed.store(sealed.full, fileSystem: fs)
        let (demo, t1, t2, admin, ids, inT1) = (
            sealed.demo, sealed.t1, sealed.t2, sealed.admin, sealed.ids, sealed.inT1
        )
        // A therapist (t1), a supervisor (their own, empty caseload and t2's) and an admin.
        let therapist = Visibility.therapists([t1.rawValue])
        let supervisor = Visibility.therapists(["sup", t2.rawValue])
        func byFiles(_ v: Visibility) throws -> [ClientID] { v.filter(try admin.clientIDs().ids, in: admin) }
        func check(_ inT1: Set<ClientID>, reads: Int) throws {
            fs.reset()
            #expect(try counted.visibleClientIDs(therapist).ids == ids.filter { inT1.contains($0) })
            #expect(try counted.visibleClientIDs(supervisor).ids == ids.filter { !inT1.contains($0) })
            #expect(try counted.visibleClientIDs(.everyone).ids == ids)
            #expect(fs.clientRecordReads == reads)
            #expect(try counted.visibleClientIDs(therapist).ids == (try byFiles(therapist)))
            #expect(try counted.visibleClientIDs(supervisor).ids == (try byFiles(supervisor)))
        }
        // Warm (the index read once, fresh): no client.json read at all.
        _ = try CaseloadReader.rows(admin, catalog: demo.catalog)
        try check(inT1, reads: 0)

        // One of t1's clients moves to t2 and one of t2's to t1: right at once (the move leaves the
        // index not fresh: every client.json is read), and again without reads once it is rebuilt.
        let leaving = try #require(ids.first { inT1.contains($0) })
        let joining = try #require(ids.first { !inT1.contains($0) })
        try admin.resealClient(leaving, to: t2)
        try admin.resealClient(joining, to: t1)
        let now = inT1.subtracting([leaving]).union([joining])
        try check(now, reads: 2 * ids.count)
        _ = try CaseloadReader.rows(admin, catalog: demo.catalog)
        try check(now, reads: 0)
        try admin.resealClient(joining, to: t2)
        try check(now.subtracting([joining]), reads: 2 * ids.count)
        _ = try CaseloadReader.rows(admin, catalog: demo.catalog)

        // A kiosk save (no caseload key): that client is listed stale and read by its file alone.
        var kiosk = demo.store
        kiosk.keyring = sealed.full.publicOnly
        _ = try kiosk.save(
            NewAdministration(
                clientId: leaving, sessionDate: try SessionDate("2026-11-20"), rater: .client,
                instrument: try demo.catalog.instrument("phq-9"), answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
                administeredAt: demo.clock.now(), source: .cli))
        try check(now.subtracting([joining]), reads: 2)
    }

    @Test func theRowsCacheBodyCarriesEachRowsTherapist() throws {
        func row(_ id: String) throws -> CaseloadEntry {
            CaseloadEntry(
                client: try ClientID(id), sessions: 1, lastSession: nil, allianceClient: nil, allianceTherapist: nil,
                trend: .unknown, outcome: nil, outcomeScore: nil, outcomeBand: nil, risk: false, alerts: [])
        }
        let rows = [try row("C0001"), try row("C0002"), try row("C0003")]
        let therapists = [rows[0].client: try AccountID("lee"), rows[2].client: try AccountID("kim")]
        let body = CaseloadRowsCodec.encode(rows, reference: Data("[]".utf8), therapists: therapists)
        let decoded = try #require(CaseloadRowsCodec.decode(body))
        #expect(decoded.rows == rows)
        #expect(decoded.therapists == therapists)
        // A therapist that is not an account id reads as damage.
        let bad = CaseloadRowsCodec.encode(
            rows, reference: Data("[]".utf8), therapists: [rows[1].client: try AccountID("lee")])
        var text = bad
        let at = try #require(text.range(of: Data("lee".utf8)))
        text.replaceSubrange(at, with: Data("l e".utf8))
        #expect(CaseloadRowsCodec.decode(text) == nil)
    }

    @Test func aPlaintextIndexFallsBackToTheClientFiles() throws {
        // A plaintext index records no therapist: the rows are filtered by `client.json`.
        let demo = try DemoCaseload.make(clients: 10, sessions: 4, seed: 6)
        defer { demo.remove() }
        let ids = try demo.store.clientIDs().ids
        let mine = Set(ids.prefix(3))
        for id in ids {
            try demo.store.updateClient(id) { $0.therapist = mine.contains(id) ? "t1" : "t2" }
        }
        try demo.store.invalidateCaseloadIndex()
        let sees = Visibility.therapists(["t1"])
        for _ in 0..<2 {
            let rows = try CaseloadReader.rows(demo.store, catalog: demo.catalog, visibility: sees).rows
            #expect(Set(rows.map(\.client)) == mine)
        }
        #expect(Set(try CaseloadReader.summaries(demo.store, visibility: sees).summaries.map(\.clientId)) == mine)
        #expect(Set(try demo.store.visibleClientIDs(sees).ids) == mine)
    }
}
