import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

@Suite("Data store")
struct DataStoreTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let wai: Instrument

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
        wai = try Fixtures.instrument("wai-sr")
    }

    func new(
        _ client: String = "C1", session: Int? = nil, date: String = "2026-11-24", answers: [Int?]? = nil,
        replace: Bool = false
    ) throws -> NewAdministration {
        NewAdministration(
            clientId: try ClientID(client), session: session, sessionDate: try SessionDate(date), rater: .client,
            instrument: wai, answers: answers ?? [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4], administeredAt: clock.now(),
            source: .cli, replace: replace)
    }

    /// A save writes its new summary into the spare while its record syncs and exchanges the names
    /// once the record and its audit line are durable: the file on disk after the save is the fresh
    /// one (its generation is the lock file's counter, read without a rebuild), and the spare holds
    /// the summary before it.
    @Test func aSaveLeavesItsSummaryFreshOnDiskAndThePreviousOneInTheSpare() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        let path = store.layout.summary(id)
        let dates = ["2026-11-03", "2026-11-10", "2026-11-17", "2026-11-24"]
        for (n, date) in dates.enumerated() {
            let previous = try? Data(contentsOf: URL(fileURLWithPath: path))
            try store.save(new(date: date))
            let onDisk = try StoreCoding.decode(
                ClientSummary.self, from: Data(contentsOf: URL(fileURLWithPath: path)), path: path)
            #expect(onDisk.generation == FileLock.peekCounter(path: store.layout.lock(id)), "save \(n + 1)")
            #expect(onDisk.recordCount == n + 1)
            #expect(onDisk.sessions.map(\.date.rawValue) == Array(dates.prefix(n + 1)))
            #expect(try store.freshSummaryNotingFile(id).storedIntact)
            if n > 0 {
                let spare = try Data(contentsOf: URL(fileURLWithPath: PosixFileSystem.spareName(for: path)))
                #expect(spare == previous, "save \(n + 1)")
            }
        }
    }

    @Test func clientIDsAreChecked() {
        for bad in ["", "../x", "a/b", "a b", String(repeating: "a", count: 33), "é", "a\u{0}b", "ａ"] {
            #expect(!ClientID.isValid(bad), "\(bad)")
        }
        for good in ["a", "C-001", "x_Y_9", String(repeating: "z", count: 32)] {
            #expect(ClientID.isValid(good))
        }
    }

    @Test func sessionDatesAreDigitsOnly() {
        // Int("+1") parses, so "2026-+1-05" was taken for a date and sorted before every real one.
        for bad in ["2026-+1-05", "2026-01-+5", "+026-01-05", "2026- 1-05", "2026-02-30", "2026-13-01", "2026-1-5"] {
            #expect(!SessionDate.isValid(bad), "\(bad)")
        }
        for good in ["2026-01-05", "2024-02-29", "2000-01-01"] {
            #expect(SessionDate.isValid(good), "\(good)")
        }
    }

    @Test func sessionDatesAreRealDaysFrom1900To9999() {
        defer { dir.remove() }
        for bad in [
            "1899-12-31", "2100-02-29", "2026-04-31", "2026-00-10", "2026-01-00", "2026-01-32", "20260-1-05",
            "2026--1-05", "2026/01/05", "2026-01-05 ", " 2026-01-05", "２026-01-05", "2026-1-005", "",
        ] {
            #expect(!SessionDate.isValid(bad), "\(bad)")
        }
        for good in ["1900-01-01", "9999-12-31", "2000-02-29", "2026-04-30", "2026-12-31", "2026-11-09"] {
            #expect(SessionDate.isValid(good), "\(good)")
        }
    }

    @Test func roundTrip() throws {
        defer { dir.remove() }
        try store.addClient(try ClientID("C1"), therapist: "Dr Lee")
        let saved = try store.save(try new())
        #expect(saved.session == 1)
        #expect(saved.id == "s0001-client-wai-sr-r00001")
        let loaded = try store.record(try ClientID("C1"), id: saved.id)
        #expect(loaded == saved)
        #expect(loaded.result.score("total") == 44.0 / 12)
        let (records, problems) = try store.records(try ClientID("C1"))
        #expect(records == [saved])
        #expect(problems.isEmpty)
        #expect(try store.client(try ClientID("C1")).therapist == "Dr Lee")
    }

    @Test func missingAnswersStayNull() throws {
        defer { dir.remove() }
        try store.addClient(try ClientID("C1"))
        let saved = try store.save(try new(answers: [4, 5, 3, nil, 5, 4, 3, 4, 5, 2, 3, 4]))
        let text = try String(contentsOfFile: store.layout.record(try ClientID("C1"), saved.id), encoding: .utf8)
        #expect(text.contains("\"answers\":[4,5,3,null,5,4,3,4,5,2,3,4]"))
        #expect(try store.record(try ClientID("C1"), id: saved.id).answers[3] == nil)
    }

    @Test func sessionAssignment() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        #expect(try store.save(try new(date: "2026-11-01")).session == 1)
        // Same day, other instrument → same session.
        let phq = try Fixtures.instrument("phq-9")
        let same = try store.save(
            NewAdministration(
                clientId: id, sessionDate: try SessionDate("2026-11-01"), rater: .client, instrument: phq,
                answers: [0, 0, 0, 0, 0, 0, 0, 0, 0], administeredAt: clock.now(), source: .cli))
        #expect(same.session == 1)
        #expect(try store.save(try new(date: "2026-11-08")).session == 2)
        // An explicit number is accepted only when it is the date's place in date order.
        #expect(throws: StoreError.self) { try store.save(try new(session: 7, date: "2026-11-15")) }
        #expect(try store.save(try new(session: 3, date: "2026-11-15")).session == 3)
        #expect(try store.save(try new(date: "2026-11-22")).session == 4)
        #expect(try store.summary(id).sessions.map(\.session) == [1, 2, 3, 4])
    }

    @Test func sessionDateConflictIsRefused() throws {
        defer { dir.remove() }
        try store.addClient(try ClientID("C1"))
        try store.save(try new(session: 1, date: "2026-11-01"))
        #expect(throws: StoreError.self) { try store.save(try new(session: 1, date: "2026-11-02")) }
    }

    @Test func duplicateRefusedAndReplaceSupersedes() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        let first = try store.save(try new())
        #expect {
            try store.save(try new())
        } throws: { error in
            guard case .duplicateRecord(let client, _, _, let session, _) = error as? StoreError else { return false }
            return client == "C1" && session == first.session
        }
        let second = try store.save(try new(answers: [Int?](repeating: 1, count: 12), replace: true))
        #expect(second.supersedes == first.id)
        #expect(second.session == first.session)
        let (records, _) = try store.records(id)
        #expect(records.count == 2)  // both kept
        #expect(AdministrationRecord.current(records) == [second])
        #expect(try store.summary(id).series("wai-sr", .client, "total").map(\.value) == [1])
    }

    @Test func truncatedRecordIsReportedAndTheRestUsable() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        let a = try store.save(try new(date: "2026-11-01"))
        let b = try store.save(try new(date: "2026-11-08"))
        let path = store.layout.record(id, a.id)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        let (records, problems) = try store.records(id)
        #expect(records == [b])
        #expect(problems.count == 1)
        #expect(problems.first?.path == path)
        #expect(problems.first?.reason.contains("not valid JSON") == true)
        // Saving more does not touch the damaged file.
        try store.save(try new(date: "2026-11-15"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data.prefix(data.count / 2))
    }

    @Test func futureSchemaVersionIsRefusedSpecifically() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        let a = try store.save(try new())
        let path = store.layout.record(id, a.id)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"schemaVersion\":\(currentSchemaVersion)", with: "\"schemaVersion\":9")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: StoreError.newerSchema(path: path, version: 9, supported: currentSchemaVersion)) {
            try store.record(id, id: a.id)
        }
        let (_, problems) = try store.records(id)
        #expect(problems.first?.reason.contains("newer") == true)
    }

    @Test func emptyFileIsReported() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        #expect(
            FileManager.default.createFile(
                atPath: store.layout.record(id, "s0001-client-wai-sr-r00009"), contents: Data()))
        let (_, problems) = try store.records(id)
        #expect(problems.first?.reason == "file is empty")
    }

    @Test func staleSummaryIsRebuilt() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        try store.save(try new(date: "2026-11-01"))
        try store.save(try new(date: "2026-11-08"))
        // Simulate a crash between the record write and the summary write.
        try FileManager.default.removeItem(atPath: store.layout.summary(id))
        #expect(try store.summary(id).series("wai-sr", .client, "total").count == 2)
        try "garbage".write(toFile: store.layout.summary(id), atomically: false, encoding: .utf8)
        #expect(try store.summary(id).sessions.count == 2)
    }

    @Test func permissions() throws {
        defer { dir.remove() }
        let old = umask(0o022)
        defer { umask(old) }
        let id = try ClientID("C1")
        try store.addClient(id)
        let rec = try store.save(try new())
        func mode(_ p: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(store.layout.root) == 0o700)
        #expect(try mode(store.layout.client(id)) == 0o700)
        #expect(try mode(store.layout.records(id)) == 0o700)
        #expect(try mode(store.layout.record(id, rec.id)) == 0o600)
        #expect(try mode(store.layout.summary(id)) == 0o600)
        #expect(try mode(store.layout.config) == 0o600)
    }

    @Test func addClientTwiceIsRefused() throws {
        defer { dir.remove() }
        try store.addClient(try ClientID("C1"))
        #expect(throws: StoreError.clientExists("C1")) { try store.addClient(try ClientID("C1")) }
        #expect(try store.clientIDs().ids.map(\.rawValue) == ["C1"])
    }

    @Test func drafts() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        let draft = Draft(
            clientId: id, session: 3, sessionDate: try SessionDate("2026-11-24"), rater: .client,
            battery: ["wai-sr", "phq-9"], answers: ["wai-sr": [4, nil, 3]], skipped: ["wai-sr": [2]],
            updatedAt: clock.now())
        try store.saveDraft(draft)
        #expect(try store.loadDraft(id, session: 3, rater: .client) == draft)
        #expect(try store.drafts(id) == [draft])
        try store.deleteDraft(id, session: 3, rater: .client)
        #expect(try store.loadDraft(id, session: 3, rater: .client) == nil)
    }

    @Test func notesAppearInSummary() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        try store.save(try new())
        try store.addNote(id, session: 1, text: "talked about the missed week")
        #expect(try store.summary(id).notes.map(\.text) == ["talked about the missed week"])
        #expect(throws: StoreError.self) { try store.addNote(id, session: 1, text: "   ") }
    }

    @Test func uninitializedDirectoryIsNamed() throws {
        defer { dir.remove() }
        let other = DataStore(root: dir.appending("nothing"))
        #expect(throws: StoreError.notInitialized(path: dir.appending("nothing"))) { try other.clientIDs() }
    }

    @Test func concurrentWritersLoseNothing() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        let phq = try Fixtures.instrument("phq-9")
        let root = store.layout.root
        let errors = ErrorBox()
        // 4 threads × 25 saves, each on its own DataStore (own lock file descriptors), distinct dates.
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            let s = DataStore(root: root, clock: FixedClock(Fixtures.referenceDate))
            for n in 0..<25 {
                do {
                    let day = String(format: "2026-%02d-%02d", 1 + worker, 1 + n)
                    try s.save(
                        NewAdministration(
                            clientId: id, sessionDate: try SessionDate(day), rater: .client, instrument: phq,
                            answers: [1, 1, 1, 1, 1, 1, 1, 1, 0], administeredAt: Fixtures.referenceDate, source: .cli))
                } catch {
                    errors.add("\(error)")
                }
            }
        }
        #expect(errors.all.isEmpty)
        let (records, problems) = try store.records(id)
        #expect(problems.isEmpty)
        #expect(records.count == 100)
        // Stored numbers are those at save time; in date order the 100 dates are sessions 1…100.
        #expect(Set(AdministrationRecord.sessionNumbers(records).values) == Set(1...100))
        #expect(Set(records.map(\.id)).count == 100)
        let summary = try store.summary(id)
        #expect(summary.recordCount == 100)
        #expect(summary.sessions.count == 100)
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.withLock { items.append(s) } }
    var all: [String] { lock.withLock { items } }
}

@Suite("Summary fast path")
struct SummaryDecoderTests {
    @Test func fastDecoderMatchesJSONDecoder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = DataStore(root: dir.appending("data"), durable: false)
        try store.initialize(demo: true)
        let generator = DemoGenerator(
            catalog: try Fixtures.catalog(),
            options: .init(clients: 8, sessions: 14, seed: 3, start: try SessionDate("2026-01-05")))
        for index in 0..<8 {
            let c = try generator.client(index)
            try store.addClient(c.id, therapist: c.therapist)
            _ = try store.importRecords(c.id, c.administrations)
            let path = store.layout.summary(c.id)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let slow = try StoreCoding.decode(ClientSummary.self, from: data, path: path)
            let fast = try #require(SummaryDecoder.decode(data))
            #expect(fast == slow)
            #expect(fast.generation == 1)
            #expect(!fast.series.isEmpty)
        }
    }

    @Test func unexpectedInputFallsBack() {
        #expect(SummaryDecoder.decode(Data("{\"schemaVersion\":1,\"clientId\":\"A\"".utf8)) == nil)
        let v = currentSchemaVersion
        #expect(
            SummaryDecoder.decode(
                Data("{\"schemaVersion\":\(v + 1),\"clientId\":\"A\",\"recordCount\":0,\"notes\":[]}".utf8)) == nil)
        // An older summary is never taken by the fast path (it is rebuilt).
        #expect(
            SummaryDecoder.decode(
                Data("{\"schemaVersion\":\(v - 1),\"clientId\":\"A\",\"recordCount\":0,\"notes\":[]}".utf8)) == nil)
        #expect(
            SummaryDecoder.decode(
                Data("{\"schemaVersion\":\(v),\"clientId\":\"A\",\"recordCount\":0,\"notes\":[],\"extra\":1}".utf8))
                == nil)
        let minimal = SummaryDecoder.decode(
            Data("{\"schemaVersion\":\(v),\"clientId\":\"A\",\"recordCount\":0,\"notes\":[]}".utf8))
        #expect(minimal?.clientId.rawValue == "A")
    }

    @Test func summaryMissingAWriteIsRebuilt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = DataStore(root: dir.appending("data"))
        try store.initialize()
        let id = try ClientID("C1")
        try store.addClient(id)
        let phq = try Fixtures.instrument("phq-9")
        func save(_ day: String) throws {
            try store.save(
                NewAdministration(
                    clientId: id, sessionDate: try SessionDate(day), rater: .client, instrument: phq,
                    answers: [1, 1, 1, 1, 1, 1, 1, 1, 0], administeredAt: Fixtures.referenceDate, source: .cli))
        }
        try save("2026-11-01")
        let old = try Data(contentsOf: URL(fileURLWithPath: store.layout.summary(id)))
        try save("2026-11-08")
        // Put back the summary from before the second save (as if the process died in between).
        // A save does not move the client's counter: the record file it added is what shows.
        try old.write(to: URL(fileURLWithPath: store.layout.summary(id)))
        #expect(FileLock.peekCounter(path: store.layout.lock(id)) == 0)
        #expect(try store.summary(id).sessions.count == 2)
        #expect(try store.freshSummaryNotingFile(id).storedIntact == false)
        // The next save starts from the records, not from the stale file, and leaves it fresh.
        try save("2026-11-15")
        let fresh = try store.freshSummaryNotingFile(id)
        #expect(fresh.storedIntact && fresh.summary.recordCount == 3)
        #expect(fresh.summary.sessions.map(\.date.rawValue) == ["2026-11-01", "2026-11-08", "2026-11-15"])
        // A record file gone without the counter moving (a crash can leave a summary that names a
        // record whose name never reached the disk) is seen too.
        let name = try store.recordNames(id).last!
        try FileManager.default.removeItem(atPath: store.layout.record(id, name.id))
        #expect(try store.summary(id).sessions.count == 2)
    }
}
