import Analytics
import Crypto
import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

/// The caseload rows cache (issue 13, "Speed"): the caseload opens from the rows as last computed
/// and the index lines appended since, with the same rows a whole read gives.
@Suite("Caseload rows cache")
struct CaseloadRowsCacheTests {
    /// The rows computed from scratch (no cache; the index read whole).
    func fromScratch(_ demo: DemoCaseload) throws -> [CaseloadEntry] {
        try? FileManager.default.removeItem(atPath: CaseloadRowsCache.path(demo.store))
        return try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows
    }

    func save(_ demo: DemoCaseload, _ id: ClientID, _ date: String, _ answers: [Int?]) throws {
        _ = try demo.store.save(
            NewAdministration(
                clientId: id, sessionDate: try SessionDate(date), rater: .client,
                instrument: try demo.catalog.instrument("phq-9"), answers: answers, administeredAt: demo.clock.now(),
                source: .cli))
    }

    @Test func savesAreFollowedFromTheIndexTailWithTheSameRows() throws {
        let demo = try DemoCaseload.make(clients: 30, sessions: 10, seed: 3)
        defer { demo.remove() }
        let first = try CaseloadReader.rows(demo.store, catalog: demo.catalog)
        let cache = try #require(CaseloadRowsCache.read(demo.store))
        #expect(cache.header.appended == 0)
        #expect(cache.rows == first.rows)
        #expect(cache.reference == first.reference)
        // A client without a discharge gets a worse session and answers an alert: followed from the
        // tail (two lines), and the rows are those of a whole read.
        let id = try #require(
            first.rows.map(\.client).first { (try? demo.store.discharges($0).isEmpty) == true })
        try save(demo, id, "2026-11-20", [3, 3, 3, 3, 3, 3, 3, 3, 1])
        let second = try CaseloadReader.rows(demo.store, catalog: demo.catalog)
        #expect(try #require(CaseloadRowsCache.read(demo.store)).header.appended == 1)
        #expect(second.rows != first.rows)
        #expect(second.rows.first { $0.client == id }?.risk == true)
        #expect(second.rows == (try fromScratch(demo)))
        #expect(second.reference == first.reference)
        // Nothing changed: the cache as it is.
        let third = try CaseloadReader.rows(demo.store, catalog: demo.catalog)
        #expect(third.rows == second.rows)
        #expect(third.caseloadSDs == second.caseloadSDs)
    }

    @Test func aDischargeOrAnotherInstrumentSetReadsTheWholeCaseload() throws {
        let demo = try DemoCaseload.make(clients: 20, sessions: 8, seed: 5)
        defer { demo.remove() }
        let first = try CaseloadReader.rows(demo.store, catalog: demo.catalog)
        let id = try #require(
            first.rows.map(\.client).first { (try? demo.store.discharges($0).isEmpty) == true })
        _ = try demo.store.discharge(id, reason: .completed)
        let second = try CaseloadReader.rows(demo.store, catalog: demo.catalog)
        // The reference changed with the new closed episode: the whole caseload was read again.
        #expect(try #require(CaseloadRowsCache.read(demo.store)).header.discharged.contains(id.rawValue))
        #expect(try #require(CaseloadRowsCache.read(demo.store)).header.appended == 0)
        #expect(second.reference != first.reference)
        #expect(second.rows == (try fromScratch(demo)))
        // Other options: not the cached rows.
        var options = AnalysisOptions.standard
        options.outcomes = ["gad-7"]
        let other = try CaseloadReader.rows(demo.store, catalog: demo.catalog, options: options)
        #expect(other.rows.allSatisfy { $0.outcome == nil || $0.outcome == "gad-7" })
    }

    @Test func aDamagedOrForeignCacheIsIgnored() throws {
        let demo = try DemoCaseload.make(clients: 12, sessions: 6, seed: 9)
        defer { demo.remove() }
        let first = try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows
        let path = CaseloadRowsCache.path(demo.store)
        // A row's session count edited (its digest left as it was).
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let sessions = withUnsafeBytes(of: Int64(first[0].sessions).littleEndian) { Data($0) }
        let at = try #require(bytes.range(of: sessions))
        bytes[at.lowerBound] ^= 0x08
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(CaseloadRowsCache.read(demo.store) == nil)
        #expect(try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows == first)
        try "garbage\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows == first)
    }

    @Test func aSealedDirectoryKeepsASealedRowsCachePerSetOfCaseloads() throws {
        // Clients alternating between two caseloads.
        let sealed = try TwoCaseloads(clients: 16, sessions: 6, seed: 2)
        defer { sealed.remove() }
        let (demo, admin, ids, inT1) = (sealed.demo, sealed.admin, sealed.ids, sealed.inT1)
        #expect(admin.isSealed())
        var therapist = demo.store
        therapist.keyring = sealed.t1Keyring
        var kiosk = demo.store
        kiosk.keyring = sealed.full.publicOnly

        func scratch(_ store: DataStore) throws -> [CaseloadEntry] {
            try? FileManager.default.removeItem(atPath: CaseloadRowsCache.path(store))
            return try CaseloadReader.rows(store, catalog: demo.catalog).rows
        }
        let first = try CaseloadReader.rows(therapist, catalog: demo.catalog)
        #expect(Set(first.rows.map(\.client)) == inT1)
        let path = CaseloadRowsCache.path(therapist)
        #expect(path.hasSuffix(".sealed") && FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: demo.store.layout.caseload + "/rows.jsonl"))
        #expect(!FileManager.default.fileExists(atPath: demo.store.layout.caseload + "/rows.bin"))
        // Sealed: no row field in clear, and it reads back (the same rows).
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data("\"client\"".utf8)) == nil && bytes.range(of: Data("sessions".utf8)) == nil)
        #expect(try #require(CaseloadRowsCache.read(therapist)).rows == first.rows)
        // The admin's cache is another file (another set of caseloads), with every client.
        let all = try CaseloadReader.rows(admin, catalog: demo.catalog)
        #expect(Set(all.rows.map(\.client)) == Set(ids))
        #expect(CaseloadRowsCache.path(admin) != path)
        // A kiosk save for one of t1's clients without a discharge: the therapist's next open
        // follows it from the tail (the cache is updated, not recomputed) and equals a whole read.
        let id = try #require(
            first.rows.map(\.client).first { (try? therapist.discharges($0).isEmpty) == true })
        _ = try kiosk.save(
            NewAdministration(
                clientId: id, sessionDate: try SessionDate("2026-11-20"), rater: .client,
                instrument: try demo.catalog.instrument("phq-9"), answers: [3, 3, 3, 3, 3, 3, 3, 3, 1],
                administeredAt: demo.clock.now(), source: .cli))
        let second = try CaseloadReader.rows(therapist, catalog: demo.catalog)
        #expect(try #require(CaseloadRowsCache.read(therapist)).header.appended == 1)
        #expect(second.rows.first { $0.client == id }?.risk == true)
        #expect(second.rows == (try scratch(therapist)))
        // Without the keys the cache does not open: a public-only process has none to read.
        #expect(CaseloadRowsCache.read(kiosk) == nil)
        #expect(try CaseloadReader.rows(kiosk, catalog: demo.catalog).rows.isEmpty)
        // A damaged sealed cache is ignored.
        var damaged = try Data(contentsOf: URL(fileURLWithPath: path))
        damaged[damaged.count / 2] ^= 0x01
        try damaged.write(to: URL(fileURLWithPath: path))
        #expect(CaseloadRowsCache.read(therapist) == nil)
        #expect(try CaseloadReader.rows(therapist, catalog: demo.catalog).rows == second.rows)
    }

    @Test func theBinaryRowsRoundTripAndATruncatedBodyNeverReads() throws {
        let id = try ClientID("C0001")
        let rows = [
            CaseloadEntry(
                client: id, sessions: 12, lastSession: try SessionDate("2026-11-20"), allianceClient: 4.25,
                allianceTherapist: nil, trend: .falling, outcome: "phq-9", outcomeScore: 0, outcomeBand: "mild",
                risk: true,
                alerts: [
                    ReviewAlert(kind: .risk, session: 12, wording: "risk item — ≥ 1"),
                    ReviewAlert(
                        kind: .possibleRupture, session: nil, wording: "rupture", raters: "client, therapist",
                        measure: "PHQ-9+GAD-7"),
                ]),
            CaseloadEntry(
                client: try ClientID("C0002"), sessions: 0, lastSession: nil, allianceClient: nil,
                allianceTherapist: -0.5, trend: .unknown, outcome: nil, outcomeScore: nil, outcomeBand: nil,
                risk: false, alerts: []),
        ]
        let body = CaseloadRowsCodec.encode(rows, reference: Data("[]".utf8))
        let decoded = try #require(CaseloadRowsCodec.decode(body))
        #expect(decoded.rows == rows)
        #expect(decoded.reference == Data("[]".utf8))
        for n in 0..<body.count {
            #expect(CaseloadRowsCodec.decode(body.prefix(n)) == nil, "prefix \(n)")
        }
        var longer = body
        longer.append(0)
        #expect(CaseloadRowsCodec.decode(longer) == nil)
    }

    @Test func anyChangedByteOrAVersion1CacheIsIgnoredAndRebuilt() throws {
        let demo = try DemoCaseload.make(clients: 12, sessions: 6, seed: 4)
        defer { demo.remove() }
        let first = try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows
        let path = CaseloadRowsCache.path(demo.store)
        #expect(path.hasSuffix("/rows.bin"))
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try #require(CaseloadRowsCache.read(demo.store)).rows == first)
        let seed = UInt64.random(in: 0...UInt64.max)
        print("CaseloadRowsCacheTests seed: \(seed)")
        var rng = Xoshiro256StarStar(seed: seed)
        for _ in 0..<40 {
            var bytes = original
            let at = rng.nextIndex(below: bytes.count)
            bytes[at] ^= UInt8(1 + rng.nextIndex(below: 255))
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect(CaseloadRowsCache.read(demo.store) == nil, "byte \(at) changed")
            #expect(try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows == first)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != bytes)
        }
        // A version-1 cache (JSON Lines, its digest right) under the new name is not read; the
        // old file is removed when the cache is written again.
        let position = try #require(CaseloadRowsCache.read(demo.store)).header.position
        let rowsJSON = try JSONEncoder().encode(
            first.map { row in
                var r = row
                r.sessions += 1
                return r
            })
        var v1Body = Data("[]\n".utf8)
        v1Body.append(rowsJSON)
        v1Body.append(0x0A)
        let header: [String: Any] = [
            "v": 1, "appended": 0, "chunks": 1, "discharged": [String](),
            "fingerprint": CaseloadRowsCache.fingerprint(catalog: demo.catalog, options: .standard),
            "sds": [String: Double](), "digest": CaseloadRowsCache.hex(SHA256.hash(data: v1Body)),
            "position": [
                "inode": position.inode, "size": position.size, "gen": position.gen, "lastLine": position.lastLine,
            ],
        ]
        var v1 = try JSONSerialization.data(withJSONObject: header)
        v1.append(0x0A)
        v1.append(v1Body)
        try v1.write(to: URL(fileURLWithPath: path))
        try v1.write(to: URL(fileURLWithPath: CaseloadRowsCache.legacyPath(demo.store)))
        #expect(CaseloadRowsCache.read(demo.store) == nil)
        #expect(try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows == first)
        #expect(try #require(CaseloadRowsCache.read(demo.store)).rows == first)
        #expect(!FileManager.default.fileExists(atPath: CaseloadRowsCache.legacyPath(demo.store)))
    }
}
