import Analytics
import Crypto
import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

/// The caseload rows without a rows cache (issue 13, peak memory): the index is read through in a
/// bounded buffer and each client's latest line decoded one at a time (`DataStore.caseloadStream`),
/// with the rows, reference and problems of the whole read (`DataStore.caseload`).
@Suite("Caseload index streamed")
struct CaseloadIndexStreamTests {
    /// The rows as the whole read gives them: every summary held, the reference and rows from them.
    func wholeRows(
        _ store: DataStore, _ catalog: InstrumentCatalog
    ) throws -> (
        rows: [CaseloadEntry], reference: TrackReference, summaries: [ClientSummary], read: CaseloadIndexRead
    ) {
        let read = try store.caseload()
        let sds = CaseloadReader.caseloadSDs(stats: read.stats, catalog: catalog)
        let reference = TrackReferenceLoader.reference(
            summaries: read.summaries, discharges: read.discharges, catalog: catalog, options: .standard)
        let rows = CaseloadEntry.caseload(
            summaries: read.summaries, catalog: catalog, caseloadSDs: sds, discharges: read.discharges,
            reference: reference, responses: read.responses)
        return (rows, reference, read.summaries, read)
    }

    /// The rows without a rows cache.
    func uncachedRows(
        _ store: DataStore, _ catalog: InstrumentCatalog
    ) throws -> (
        rows: [CaseloadEntry], reference: TrackReference, problems: [StoreProblem]
    ) {
        if let place = CaseloadRowsCache.place(store) { try? FileManager.default.removeItem(atPath: place.path) }
        let read = try CaseloadReader.rows(store, catalog: catalog)
        return (read.rows, read.reference, read.problems)
    }

    func save(_ store: DataStore, _ catalog: InstrumentCatalog, _ id: ClientID, _ date: String, _ item9: Int) throws {
        _ = try store.save(
            NewAdministration(
                clientId: id, sessionDate: try SessionDate(date), rater: .client,
                instrument: try catalog.instrument("phq-9"), answers: [2, 3, 1, 2, 3, 2, 1, 2, item9],
                administeredAt: Date(timeIntervalSince1970: 1_790_000_000), source: .cli))
    }

    func lineCount(_ store: DataStore) throws -> Int {
        try String(decoding: Data(contentsOf: URL(fileURLWithPath: store.layout.caseloadIndex)), as: UTF8.self)
            .split(separator: "\n").count
    }

    @Test func manySupersededLinesPerClientGiveTheRowsOfAFreshlyRebuiltIndex() throws {
        let demo = try DemoCaseload.make(clients: 24, sessions: 6, seed: 11)
        defer { demo.remove() }
        let ids = try demo.store.clientIDs().ids
        // Closed episodes (the reference every row is analysed against).
        for id in [ids[0], ids[5], ids[10]] { _ = try demo.store.discharge(id, reason: .completed) }
        let before = try uncachedRows(demo.store, demo.catalog).rows
        // Two rounds of saves: most clients have two or three lines, the latest with the most sessions.
        var added: [ClientID: Int] = [:]
        for (round, date) in ["2026-11-20", "2026-11-21"].enumerated() {
            for (i, id) in ids.enumerated() where (i + round) % 4 != 0 {
                try save(demo.store, demo.catalog, id, date, (i + round) % 3)
                added[id, default: 0] += 1
            }
        }
        // Superseded lines, not yet compacted (a read compacts past 2 × clients + 64 lines).
        #expect(try lineCount(demo.store) > 2 * ids.count)
        #expect(try lineCount(demo.store) <= 2 * ids.count + 64)
        let stream = try demo.store.caseloadStream()
        #expect(stream.isStreamed)
        #expect(!stream.rebuilt)
        #expect(stream.clients == ids)
        let streamed = try uncachedRows(demo.store, demo.catalog)
        let whole = try wholeRows(demo.store, demo.catalog)
        #expect(!whole.read.rebuilt)
        #expect((0..<stream.count).map { stream.summary(at: $0) } == whole.summaries)
        #expect(stream.feedback == whole.read.feedback)
        #expect(stream.stats == whole.read.stats)
        #expect(stream.position == whole.read.position)
        #expect(!whole.reference.entries.isEmpty)
        #expect(streamed.rows == whole.rows)
        #expect(streamed.reference == whole.reference)
        // The same rows from a freshly rebuilt index (one line per client).
        try demo.store.rebuildCaseloadIndex()
        #expect(try lineCount(demo.store) == ids.count + 1)
        let rebuilt = try uncachedRows(demo.store, demo.catalog)
        #expect(rebuilt.rows == streamed.rows)
        #expect(rebuilt.reference == streamed.reference)
        // Each client's latest line won: its sessions are those of its last save.
        for row in before {
            #expect(
                streamed.rows.first { $0.client == row.client }?.sessions == row.sessions
                    + added[row.client, default: 0])
        }
    }

    @Test func aDamagedSupersededLineStillRebuilds() throws {
        let demo = try DemoCaseload.make(clients: 10, sessions: 4, seed: 2)
        defer { demo.remove() }
        let ids = try demo.store.clientIDs().ids
        _ = try demo.store.caseload()
        for id in ids { try save(demo.store, demo.catalog, id, "2026-11-20", 0) }
        // The first (superseded) line of the file damaged: the index is rebuilt, as by the whole read.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: demo.store.layout.caseloadIndex))
        bytes[0] = UInt8(ascii: "#")
        try bytes.write(to: URL(fileURLWithPath: demo.store.layout.caseloadIndex))
        let stream = try demo.store.caseloadStream()
        #expect(stream.rebuilt)
        #expect(!stream.isStreamed)
        #expect(try uncachedRows(demo.store, demo.catalog).rows == (try wholeRows(demo.store, demo.catalog)).rows)
    }

    @Test func aSealedIndexIsStreamedForTheHeldCaseloadsOnly() throws {
        let demo = try DemoCaseload.make(clients: 20, sessions: 5, seed: 8)
        defer { demo.remove() }
        let (admin, therapist, inT1) = try twoCaseloads(demo)
        let ids = try demo.store.clientIDs().ids
        for id in [ids[1], ids[2], ids[3]] { _ = try admin.discharge(id, reason: .completed) }
        _ = try admin.caseload()
        for (round, date) in ["2026-11-20", "2026-11-21"].enumerated() {
            for (i, id) in ids.enumerated() where (i + round) % 3 != 1 {
                try save(admin, demo.catalog, id, date, i % 2)
            }
        }
        for store in [therapist, admin] {
            let stream = try store.caseloadStream()
            #expect(stream.isStreamed)
            #expect(!stream.rebuilt)
            let whole = try wholeRows(store, demo.catalog)
            #expect(!whole.read.rebuilt)
            #expect(stream.clients == whole.summaries.map(\.clientId))
            #expect((0..<stream.count).map { stream.summary(at: $0) } == whole.summaries)
            #expect(stream.therapists == whole.read.therapists)
            #expect(stream.feedback == whole.read.feedback)
            #expect(stream.stats == whole.read.stats)
            #expect(stream.position == whole.read.position)
            #expect(!whole.reference.entries.isEmpty)
            let streamed = try uncachedRows(store, demo.catalog)
            #expect(streamed.rows == whole.rows)
            #expect(streamed.reference == whole.reference)
        }
        #expect(Set(try therapist.caseloadStream().clients) == inT1)
        // The same rows from a freshly rebuilt index (one line per client).
        let beforeRebuild = try uncachedRows(therapist, demo.catalog)
        try admin.rebuildCaseloadIndex()
        #expect(try lineCount(admin) == ids.count + 1)
        let afterRebuild = try uncachedRows(therapist, demo.catalog)
        #expect(try therapist.caseloadStream().isStreamed)
        #expect(afterRebuild.rows == beforeRebuild.rows)
        #expect(afterRebuild.reference == beforeRebuild.reference)
        // A client line that does not open: named, and the index rebuilt, as by the whole read.
        let path = demo.store.layout.caseloadIndex
        var lines = try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        let victim = try #require(ids.last { inT1.contains($0) })
        let at = try #require(lines.lastIndex { $0.contains("\"client\":\"\(victim.rawValue)\"") })
        let box = try #require(lines[at].range(of: "\"box\":\""))
        let flip = lines[at].index(box.upperBound, offsetBy: 20)
        lines[at].replaceSubrange(flip...flip, with: lines[at][flip] == "A" ? "B" : "A")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let damaged = try therapist.caseloadStream()
        #expect(damaged.rebuilt)
        #expect(damaged.problems.contains { $0.reason.contains("client \(victim.rawValue) does not open") })
    }
}
