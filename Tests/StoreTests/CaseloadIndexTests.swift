import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

@Suite("Caseload index")
struct CaseloadIndexTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let wai: Instrument
    let phq: Instrument

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
        wai = try Fixtures.instrument("wai-sr")
        phq = try Fixtures.instrument("phq-9")
    }

    @discardableResult
    func save(
        _ client: String, _ date: String, _ instrument: Instrument? = nil, _ answers: [Int?]? = nil
    ) throws
        -> AdministrationRecord
    {
        let instrument = instrument ?? wai
        let base: [Int?] =
            instrument.id == "wai-sr" ? [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4] : [1, 1, 1, 1, 1, 1, 1, 1, 0]
        return try store.save(
            NewAdministration(
                clientId: try ClientID(client), sessionDate: try SessionDate(date), rater: .client,
                instrument: instrument, answers: answers ?? base, administeredAt: clock.now(), source: .cli))
    }

    /// Every client's summary read one by one, without notes (what the index must agree with).
    func expected() throws -> [ClientSummary] {
        try store.summaries().summaries.map(CaseloadIndex.indexed)
    }

    func lines() throws -> [String] {
        try String(contentsOfFile: store.layout.caseloadIndex, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func makeCaseload() throws {
        for (n, c) in ["A1", "B2", "C3"].enumerated() {
            try store.addClient(try ClientID(c))
            try save(c, "2026-11-0\(n + 1)", wai, [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, n + 1])
            try save(c, "2026-11-1\(n + 1)")
        }
    }

    @Test func seriesStatsMergeAndRemoveAgreeWithTwoPasses() {
        let a: [Double] = [3.25, 4, 4.5, 2.75, 5]
        let b: [Double] = [1, 2.5, 3]
        let all = SeriesStats(values: a + b)
        let merged = SeriesStats(values: a).merged(SeriesStats(values: b))
        #expect(merged.n == 8)
        #expect(abs(merged.mean - all.mean) < 1e-12)
        #expect(abs(merged.m2 - all.m2) < 1e-9)
        let back = merged.removing(SeriesStats(values: b))
        #expect(back.n == 5)
        #expect(abs(back.mean - SeriesStats(values: a).mean) < 1e-12)
        #expect(abs(back.m2 - SeriesStats(values: a).m2) < 1e-9)
        #expect(SeriesStats(values: [2.0]).sampleSD == nil)
        #expect(merged.removing(merged).n == 0)
    }

    @Test func firstReadBuildsThenSavesKeepItFresh() throws {
        defer { dir.remove() }
        try makeCaseload()
        let first = try store.caseload()
        #expect(first.summaries == (try expected()))
        // The saves after the index exists append to it: read again without rebuilding.
        try save("A1", "2026-11-20")
        try save("B2", "2026-11-21", phq, [2, 2, 2, 2, 2, 2, 2, 2, 2])
        try store.addClient(try ClientID("D4"))
        try store.addNote(try ClientID("A1"), session: 1, text: "a distinctive note text")
        let second = try store.caseload()
        #expect(!second.rebuilt)
        #expect(second.summaries == (try expected()))
        #expect(second.summaries.map(\.clientId.rawValue) == ["A1", "B2", "C3", "D4"])
        #expect(second.summaries.first { $0.clientId.rawValue == "B2" }?.openRisk.count == 1)
        // The risk acknowledgement changes the row: followed too.
        try store.acknowledgeRisk(try ClientID("B2"), session: 3)
        let third = try store.caseload()
        #expect(!third.rebuilt)
        #expect(third.summaries.first { $0.clientId.rawValue == "B2" }?.openRisk.isEmpty == true)
        #expect(third.summaries == (try expected()))
        // Notes are left out of the index, and it is private.
        let text = try String(contentsOfFile: store.layout.caseloadIndex, encoding: .utf8)
        #expect(!text.contains("distinctive"))
        let mode =
            try FileManager.default.attributesOfItem(atPath: store.layout.caseloadIndex)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func statisticsFollowEverySave() throws {
        defer { dir.remove() }
        try makeCaseload()
        _ = try store.caseload()
        try save("A1", "2026-11-20", wai, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
        try save("C3", "2026-11-22", wai, [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5])
        let stats = try store.caseloadStats()
        let summaries = try store.summaries().summaries
        for key in ["wai-sr/client/total", "wai-sr/client/task", "wai-sr/client/bond"] {
            let values = summaries.flatMap { $0.series[key]?.map(\.value) ?? [] }
            let direct = SeriesStats(values: values)
            let kept = try #require(stats.series[key])
            #expect(kept.n == values.count, "\(key)")
            #expect(abs(kept.mean - direct.mean) < 1e-12, "\(key)")
            #expect(abs((kept.sampleSD ?? 0) - (direct.sampleSD ?? 1)) < 1e-9, "\(key)")
        }
        #expect(try store.caseload().stats == stats)
    }

    /// A crash after the record is written and before the index line is appended leaves the
    /// index's last counter behind the lock file's: the next read sees it and rebuilds.
    @Test func crashBetweenRecordAndIndexIsDetected() throws {
        defer { dir.remove() }
        try makeCaseload()
        _ = try store.caseload()
        let id = try ClientID("B2")
        let indexBefore = try Data(contentsOf: URL(fileURLWithPath: store.layout.caseloadIndex))
        let summaryBefore = try Data(contentsOf: URL(fileURLWithPath: store.layout.summary(id)))
        try save("B2", "2026-11-23", phq, [3, 3, 3, 3, 3, 3, 3, 3, 3])
        // Put back the index and the summary as they were before the save: the state on disk of a
        // process killed right after the record write (the counters, fdatasynced first, moved).
        try indexBefore.write(to: URL(fileURLWithPath: store.layout.caseloadIndex))
        try summaryBefore.write(to: URL(fileURLWithPath: store.layout.summary(id)))
        let read = try store.caseload()
        #expect(read.rebuilt)
        #expect(read.summaries.first { $0.clientId == id }?.series("phq-9", .client, "total").count == 1)
        #expect(read.summaries.first { $0.clientId == id }?.openRisk.count == 1)
        #expect(read.summaries == (try expected()))
        // Rewritten: the next read is fresh again.
        #expect(try !store.caseload().rebuilt)
        // The statistics read from the index's last line were stale as well, and are not trusted.
        try indexBefore.write(to: URL(fileURLWithPath: store.layout.caseloadIndex))
        #expect(try store.caseloadStats().series["phq-9/client/total"]?.n == 1)
    }

    @Test func tornOrDamagedIndexIsRebuilt() throws {
        defer { dir.remove() }
        try makeCaseload()
        _ = try store.caseload()
        try save("C3", "2026-11-24")
        var text = try String(contentsOfFile: store.layout.caseloadIndex, encoding: .utf8)
        // A torn append: half of the last line.
        text.removeLast(text.count / 10)
        try text.write(toFile: store.layout.caseloadIndex, atomically: false, encoding: .utf8)
        let read = try store.caseload()
        #expect(read.rebuilt)
        #expect(read.summaries == (try expected()))
        // A damaged line in the middle (the last line intact) is not trusted either.
        var all = try lines()
        all[1] = String(all[1].dropLast(5))
        try (all.joined(separator: "\n") + "\n").write(
            toFile: store.layout.caseloadIndex, atomically: false, encoding: .utf8)
        #expect(try store.caseload().rebuilt)
        // Nor an index of another format version.
        all = try lines()
        all = all.map {
            $0.replacingOccurrences(of: "\"v\":\(CaseloadIndex.version)", with: "\"v\":\(CaseloadIndex.version - 1)")
        }
        try (all.joined(separator: "\n") + "\n").write(
            toFile: store.layout.caseloadIndex, atomically: false, encoding: .utf8)
        #expect(try store.caseload().rebuilt)
        try FileManager.default.removeItem(atPath: store.layout.caseloadIndex)
        #expect(try store.caseload().summaries == (try expected()))
    }

    @Test func clientDirectoriesChangedByHandAreNoticed() throws {
        defer { dir.remove() }
        try makeCaseload()
        _ = try store.caseload()
        // A client directory removed behind rapport's back (moved aside by hand).
        try FileManager.default.moveItem(
            atPath: store.layout.client(try ClientID("C3")), toPath: dir.appending("C3-aside"))
        let read = try store.caseload()
        #expect(read.rebuilt)
        #expect(read.summaries.map(\.clientId.rawValue) == ["A1", "B2"])
        #expect(try store.caseloadStats() == read.stats)
        // And brought back.
        try FileManager.default.moveItem(
            atPath: dir.appending("C3-aside"), toPath: store.layout.client(try ClientID("C3")))
        #expect(try store.caseload().summaries.map(\.clientId.rawValue) == ["A1", "B2", "C3"])
    }

    @Test func longIndexIsCompacted() throws {
        defer { dir.remove() }
        try store.addClient(try ClientID("A1"))
        _ = try store.caseload()
        for month in 8...10 {
            for day in 1...25 { try save("A1", String(format: "2026-%02d-%02d", month, day)) }
        }
        #expect(try lines().count > 64)
        let read = try store.caseload()
        #expect(!read.rebuilt)
        #expect(try lines().count == 2)
        #expect(try store.caseload().summaries == (try expected()))
    }

    @Test func importedRecordsAreIndexed() throws {
        defer { dir.remove() }
        let id = try ClientID("A1")
        try store.addClient(id)
        _ = try store.caseload()
        let items = try (1...5).map { n in
            NewAdministration(
                clientId: id, session: n, sessionDate: try SessionDate(String(format: "2026-10-%02d", n)),
                rater: .client, instrument: wai,
                answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, n], administeredAt: clock.now(), source: .cli)
        }
        _ = try store.importRecords(id, items)
        let read = try store.caseload()
        #expect(!read.rebuilt)
        #expect(read.summaries == (try expected()))
        #expect(read.stats.series["wai-sr/client/total"]?.n == 5)
    }
    /// A last line longer than the first read from the file's end (an end line listing thousands of
    /// stale clients) is found by reading further back, four times as much each time.
    @Test(arguments: [10, 70_000, 300_000, 1_300_000])
    func theLastLineIsFoundWhateverItsLength(length: Int) throws {
        let path = dir.appending("lines.jsonl")
        let body = Data(repeating: UInt8(ascii: "a"), count: 200_000)
        let last = Data((0..<length).map { UInt8(ascii: "0") + UInt8($0 % 10) })
        try (body + Data([0x0A]) + last + Data([0x0A])).write(to: URL(fileURLWithPath: path))
        #expect(CaseloadIndex.lastLine(path) == last)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        #expect(DataStore.lineEnding(at: body.count + last.count + 2, fd: fd) == last)
        #expect(DataStore.lineEnding(at: body.count + 1, fd: fd) == body)
        // One line only.
        try (last + Data([0x0A])).write(to: URL(fileURLWithPath: path))
        #expect(CaseloadIndex.lastLine(path) == last)
    }
    /// A change reads the index's last line without decoding its summary: the same counter,
    /// statistics and client count as the whole line, and a line that is not JSON still refused.
    @Test func theLastLineIsReadWithoutItsSummary() throws {
        for i in 0..<3 {
            try store.addClient(try ClientID("C\(i)"))
            try save("C\(i)", "2026-11-0\(i + 1)")
        }
        try save("C1", "2026-11-09", phq, [3, 3, 2, 2, 1, 1, 0, 0, 1])
        let last = try #require(CaseloadIndex.lastLine(store.layout.caseloadIndex))
        let whole = try #require(CaseloadIndex.decodeLine(last))
        #expect(whole.summary != nil)
        var expected = whole
        expected.summary = nil
        expected.feedback = nil
        #expect(CaseloadIndex.decodeEnd(last) == expected)
        #expect(expected.stats != nil && expected.clients == 3)
        #expect(CaseloadIndex.decodeEnd(Data("{\"gen\":1,\"summary\":{".utf8)) == nil)
    }
}
