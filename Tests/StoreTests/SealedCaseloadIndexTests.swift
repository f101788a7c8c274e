import Crypto
import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// The caseload index of a sealed directory (issue 13, "Encryption at rest"): sealed per
/// caseload, need-to-know, damage detected, and a kiosk's save refreshed for just that client.
@Suite("Sealed caseload index")
struct SealedCaseloadIndexTests {
    let wai: Instrument
    let c1: ClientID
    let c2: ClientID
    let c3: ClientID

    init() throws {
        wai = try Fixtures.instrument("wai-sr")
        c1 = try ClientID("C1")
        c2 = try ClientID("C2")
        c3 = try ClientID("C3")
    }

    func new(_ id: ClientID, _ date: String, _ answers: [Int?], clock: FixedClock) throws -> NewAdministration {
        NewAdministration(
            clientId: id, session: nil, sessionDate: try SessionDate(date), rater: .client, instrument: wai,
            answers: answers, administeredAt: clock.now(), source: .cli)
    }

    /// C1 and C2 in t1's caseload, C3 in t2's; two sessions each, saved by an admin.
    func populated() throws -> SealedDirectory {
        let d = try SealedDirectory()
        try d.store.addClient(c1, therapist: "t1")
        try d.store.addClient(c2, therapist: "t1")
        try d.store.addClient(c3, therapist: "t2")
        for (i, id) in [c1, c2, c3].enumerated() {
            try d.store.save(try new(id, "2026-11-10", [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, i + 1], clock: d.clock))
            try d.store.save(try new(id, "2026-11-17", [3, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, i + 2], clock: d.clock))
        }
        return d
    }

    /// The index's lines, decoded (clear parts).
    func lines(_ store: DataStore) throws -> [SealedIndexLine] {
        let data = try Data(contentsOf: URL(fileURLWithPath: store.layout.caseloadIndex))
        return try #require(SealedIndex.decodeLines(data)).map(\.line)
    }

    @Test func theIndexIsSealedPerCaseloadAndReadFromOneFile() throws {
        let d = try populated()
        defer { d.dir.remove() }
        let first = try d.store.caseload()
        #expect(first.summaries.map(\.clientId) == [c1, c2, c3])
        #expect(first.problems.isEmpty)
        let second = try d.store.caseload()
        #expect(!second.rebuilt)
        #expect(second.summaries == first.summaries)
        let all = try lines(d.store)
        #expect(all.allSatisfy { $0.v == SealedIndex.version })
        #expect(all.last?.isEnd == true && all.last?.clients == 3)
        #expect(Set(all.compactMap(\.to)) == [d.t1, d.t2])
        // Statistics from the end line equal those of the summaries.
        let summaries = try [c1, c2, c3].map { try d.store.summary($0) }.map(CaseloadIndex.indexed)
        let expected = CaseloadStats(summaries: summaries)
        for (key, s) in try d.store.caseloadStats().series {
            let e = try #require(expected.series[key])
            #expect(s.n == e.n && abs(s.mean - e.mean) < 1e-9 && abs(s.m2 - e.m2) < 1e-9, "\(key)")
        }
    }

    @Test func aTherapistReadsOnlyTheirOwnCaseloadsLines() throws {
        let d = try populated()
        defer { d.dir.remove() }
        _ = try d.store.caseload()
        let t1Only = d.store(StaticKeyring(publicKeys: [d.t2: d.k2.publicKey], privateKeys: [d.t1: d.k1]))
        let read = try t1Only.caseload()
        #expect(read.summaries.map(\.clientId) == [c1, c2])
        #expect(!read.rebuilt)
        let mine = CaseloadStats(summaries: try [c1, c2].map { try d.store.summary($0) })
        #expect(read.stats.series.mapValues(\.n) == mine.series.mapValues(\.n))
        #expect(try t1Only.caseloadStats().series.mapValues(\.n) == mine.series.mapValues(\.n))
        // With t1's keyring alone, t2's line does not open; with t2's it does (the control).
        let t2Line = try #require(try lines(d.store).last { $0.client == c3 })
        var t1Keys = IndexKeys(StaticKeyring(privateKeys: [d.t1: d.k1]))
        #expect(t1Keys.openClient(t2Line) == nil)
        var forged = t2Line
        forged.to = d.t1  // claiming t1's caseload does not help either
        #expect(t1Keys.openClient(forged) == nil)
        var t2Keys = IndexKeys(StaticKeyring(privateKeys: [d.t2: d.k2]))
        #expect(t2Keys.openClient(t2Line)?.summary?.clientId == c3)
        // A kiosk's keyring opens nothing.
        #expect(try d.store(d.full.publicOnly).caseload().summaries.isEmpty)
    }

    @Test func aFlippedByteInAnIndexLineIsNamedAndTheIndexRebuilt() throws {
        let d = try populated()
        defer { d.dir.remove() }
        let before = try d.store.caseload().summaries
        let path = d.store.layout.caseloadIndex
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: original, as: UTF8.self)
        // A base64 digit in the middle of C2's box, changed to another base64 digit.
        let line = try #require(text.split(separator: "\n").first { $0.contains("\"client\":\"C2\"") })
        let box = try #require(line.range(of: "\"box\":\"")).upperBound
        let lineStart = try #require(text.range(of: String(line))).lowerBound
        let offset =
            text.utf8.distance(from: text.startIndex, to: lineStart)
            + line.utf8.distance(from: line.startIndex, to: box)
            + 40
        var damaged = original
        damaged[offset] = damaged[offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try damaged.write(to: URL(fileURLWithPath: path))
        let read = try d.store.caseload()
        #expect(read.rebuilt)
        #expect(read.problems.contains { $0.path == path && $0.reason.contains("C2") }, "\(read.problems)")
        #expect(read.summaries == before)
        // Rebuilt: the next read is clean.
        let again = try d.store.caseload()
        #expect(!again.rebuilt && again.problems.isEmpty && again.summaries == before)
        // A damaged statistics box is named too.
        let end = try #require(try lines(d.store).last)
        var endDamaged = end
        var stats = try #require(endDamaged.stats)
        var t1Box = try #require(stats["t1"])
        t1Box[t1Box.count / 2] ^= 0x01
        stats["t1"] = t1Box
        endDamaged.stats = stats
        var file = try Data(contentsOf: URL(fileURLWithPath: path))
        file.append(try #require(SealedIndex.encode(endDamaged)))
        try file.write(to: URL(fileURLWithPath: path))
        let third = try d.store.caseload()
        #expect(third.rebuilt && third.problems.contains { $0.path == path && $0.reason.contains("t1") })
        #expect(third.summaries == before)
    }

    @Test func aKioskSaveIsShownAfterRefreshingJustThatClient() throws {
        let d = try populated()
        defer { d.dir.remove() }
        _ = try d.store.caseload()
        let kiosk = d.store(d.full.publicOnly)
        let saved = try kiosk.save(try new(c1, "2026-11-24", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], clock: d.clock))
        #expect(saved.session == 3)
        // The kiosk wrote a non-clinical end line listing C1 stale.
        let end = try #require(try lines(d.store).last)
        #expect(end.staleClients == [c1: d.t1] && end.box == nil)
        let countBefore = try lines(d.store).filter { $0.client != nil }.count
        let therapist = d.store(StaticKeyring(publicKeys: [d.t2: d.k2.publicKey], privateKeys: [d.t1: d.k1]))
        let read = try therapist.caseload()
        #expect(!read.rebuilt)
        let c1Summary = try #require(read.summaries.first { $0.clientId == c1 })
        #expect(c1Summary.sessions.count == 3)
        #expect(
            c1Summary.series["wai-sr/client/total"]?.last?.value
                == saved.result.scales.first { $0.id == "total" }?.score)
        // Only C1's line was appended, and the statistics follow the new score.
        let after = try lines(d.store)
        #expect(after.filter { $0.client != nil }.count == countBefore + 1)
        #expect(after.last { $0.client != nil }?.client == c1)
        #expect(after.last?.stale == nil)
        let expected = CaseloadStats(summaries: try [c1, c2].map { try therapist.summary($0) })
        for (key, s) in read.stats.series {
            let e = try #require(expected.series[key])
            #expect(s.n == e.n && abs(s.mean - e.mean) < 1e-9 && abs(s.m2 - e.m2) < 1e-9, "\(key)")
        }
        #expect(try therapist.caseloadStats().series.mapValues(\.n) == expected.series.mapValues(\.n))
        // C3 (t2's) was not touched: t2 still reads it, not stale.
        let t2 = d.store(StaticKeyring(publicKeys: [d.t1: d.k1.publicKey], privateKeys: [d.t2: d.k2]))
        let t2Read = try t2.caseload()
        #expect(t2Read.summaries.map(\.clientId) == [c3] && !t2Read.rebuilt)
    }

    @Test func aSaveByAnotherCaseloadsHolderKeepsTheStaleMarkForTheKeyHolder() throws {
        let d = try populated()
        defer { d.dir.remove() }
        _ = try d.store.caseload()
        // A kiosk saves for C1 (t1's), then t2 saves for C3: t2's save and read leave C1 stale
        // (t2 cannot open t1's lines), t1's read refreshes it.
        let kiosk = d.store(d.full.publicOnly)
        try kiosk.save(try new(c1, "2026-11-24", [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], clock: d.clock))
        let t2 = d.store(StaticKeyring(publicKeys: [d.t1: d.k1.publicKey], privateKeys: [d.t2: d.k2]))
        try t2.save(try new(c3, "2026-11-24", [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], clock: d.clock))
        #expect(try lines(d.store).last?.staleClients == [c1: d.t1])
        let t2Read = try t2.caseload()
        #expect(t2Read.summaries.first?.sessions.count == 3 && !t2Read.rebuilt)
        #expect(try lines(d.store).last?.staleClients == [c1: d.t1])
        let t1 = d.store(StaticKeyring(publicKeys: [d.t2: d.k2.publicKey], privateKeys: [d.t1: d.k1]))
        let t1Read = try t1.caseload()
        #expect(!t1Read.rebuilt && t1Read.summaries.first { $0.clientId == c1 }?.sessions.count == 3)
        #expect(try lines(d.store).last?.stale == nil)
    }

    @Test func migrateRemovesThePlaintextIndex() throws {
        let d = try SealedDirectory(sealed: false)
        defer { d.dir.remove() }
        try d.store.addClient(c1, therapist: "t1")
        try d.store.save(try new(c1, "2026-11-10", [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4], clock: d.clock))
        _ = try d.store.caseload()
        #expect(FileManager.default.fileExists(atPath: d.store.layout.caseloadIndex))
        // The plaintext rows caches (version 2 and the version-1 JSON Lines) go too.
        let caches = ["rows.bin", "rows.jsonl"].map { d.store.layout.caseload + "/" + $0 }
        for path in caches { try Data("rows".utf8).write(to: URL(fileURLWithPath: path)) }
        var store = d.store
        store.keyring = d.full
        let t1 = d.t1
        try Migration(store: store, assign: { _ in t1 }).run()
        #expect(!FileManager.default.fileExists(atPath: d.store.layout.caseloadIndex))
        for path in caches { #expect(!FileManager.default.fileExists(atPath: path)) }
        let read = try store.caseload()
        #expect(read.summaries.map(\.clientId) == [c1])
        #expect(try lines(store).last?.v == SealedIndex.version)
    }
    /// A tail longer than the limit is not read (the caller reads the whole caseload, one summary
    /// at a time): plaintext and sealed alike; within the limit, the changed clients.
    @Test func aTailLongerThanItsLimitIsLeftToTheWholeRead() throws {
        let d = try populated()
        defer { d.dir.remove() }
        let plainDir = try TemporaryDirectory()
        defer { plainDir.remove() }
        let plain = DataStore(root: plainDir.appending("data"), clock: d.clock, durable: false)
        try plain.initialize()
        for store in [d.store, plain] {
            if store.layout.root == plain.layout.root {
                for id in [c1, c2, c3] {
                    try store.addClient(id)
                    try store.save(try new(id, "2026-11-10", [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 1], clock: d.clock))
                }
            }
            _ = try store.caseload()
            let since = try #require(store.caseloadIndexPosition())
            try store.save(try new(c2, "2026-11-24", [3, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 1], clock: d.clock))
            let appended = try #require(store.caseloadIndexPosition()).size - since.size
            let tail = try #require(store.caseloadIndexTail(since: since, limit: appended))
            #expect(tail.changed.map(\.summary.clientId) == [c2])
            #expect(store.caseloadIndexTail(since: since, limit: appended - 1) == nil)
        }
    }
}
