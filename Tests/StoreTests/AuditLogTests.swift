import Foundation
import Instruments
import Store
import TestSupport
import Testing

@Suite("Audit log")
struct AuditLogTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
    }

    var log: AuditLog { store.audit }

    func lines() throws -> [String] {
        try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func writeLines(_ lines: [String]) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: log.path, atomically: false, encoding: .utf8)
    }

    /// Five events of different kinds.
    func fill() throws {
        let id = try ClientID("C1")
        try log.append(.kioskCodeIssued, role: .therapist, client: id)
        try log.append(.kioskCodeUsed, role: .client, client: id)
        try log.append(.passphraseFailed, role: .therapist, count: 1)
        try log.append(.reviewOpened, role: .therapist, client: id)
        try log.append(.draftResumed, role: .client, client: id, session: 3)
    }

    @Test func appendsChainedNumberedLines() throws {
        defer { dir.remove() }
        try fill()
        let entries = try log.entries()
        #expect(entries.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(
            entries.map(\.event) == [.kioskCodeIssued, .kioskCodeUsed, .passphraseFailed, .reviewOpened, .draftResumed])
        #expect(entries[0].prev == AuditLog.genesis)
        #expect(entries[4].session == 3)
        #expect(entries.allSatisfy { $0.time == Fixtures.referenceDate })
        let raw = try lines()
        #expect(raw[1].contains("\"prev\":\"\(entries[1].prev)\""))
        let result = try log.verify()
        #expect(result.problems.isEmpty)
        #expect(result.warnings.isEmpty)
        #expect(result.lines == 5)
        let attributes = try FileManager.default.attributesOfItem(atPath: log.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
    }

    /// Numbering and chaining go on whatever the log's size and the last line's length: the last
    /// line is looked for in the last 4 KiB first, then in up to 64 KiB (a line of 6 KB here), and
    /// only `seq` is read from it.
    @Test func numberingGoesOnPastLongLinesAndLongLogs() throws {
        defer { dir.remove() }
        for i in 1...30 { try log.append(.exportRun, role: .therapist, count: i, path: "exports/run-\(i).csv") }
        try log.append(.exportRun, role: .therapist, path: "exports/" + String(repeating: "x", count: 6_000))
        try log.append(.exportRun, role: .therapist, count: 1)
        try log.append(.exportRun, role: .therapist, path: "exports/" + String(repeating: "y", count: 5_000))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: log.path)[.size] as? Int)
        #expect(size > 4_096 * 3)
        try log.append(.reviewOpened, role: .therapist, client: try ClientID("C1"))
        let entries = try log.entries()
        #expect(entries.map(\.seq) == Array(1...34))
        #expect(try log.verify().problems.isEmpty)
    }

    @Test func editedLineIsFoundByNumber() throws {
        defer { dir.remove() }
        try fill()
        var raw = try lines()
        raw[1] = raw[1].replacingOccurrences(of: "\"role\":\"client\"", with: "\"role\":\"therapist\"")
        try writeLines(raw)
        let problems = try log.verify().problems
        #expect(
            problems == [AuditProblem(line: 2, reason: "was edited (its hash does not match line 3's record of it)")])
    }

    @Test func editedLastLineIsFoundThroughTheHead() throws {
        defer { dir.remove() }
        try fill()
        var raw = try lines()
        raw[4] = raw[4].replacingOccurrences(of: "\"session\":3", with: "\"session\":4")
        try writeLines(raw)
        #expect(
            try log.verify().problems == [
                AuditProblem(line: 5, reason: "was edited (its hash does not match audit.head)")
            ])
    }

    @Test func deletedLineIsFoundByNumber() throws {
        defer { dir.remove() }
        try fill()
        var raw = try lines()
        raw.remove(at: 2)
        try writeLines(raw)
        let problems = try log.verify().problems
        #expect(
            problems == [AuditProblem(line: 3, reason: "1 line(s) deleted before this line (entry 2 is followed by 4)")]
        )
    }

    @Test func deletedFirstAndLastLinesAreFound() throws {
        defer { dir.remove() }
        try fill()
        let raw = try lines()
        try writeLines(Array(raw.dropFirst()))
        #expect(
            try log.verify().problems
                == [AuditProblem(line: 1, reason: "the first 1 line(s) were deleted (the log starts at entry 2)")])
        try writeLines(Array(raw.dropLast(2)))
        #expect(
            try log.verify().problems
                == [
                    AuditProblem(
                        line: 4, reason: "2 line(s) deleted at the end (audit.head records entry 5, the log ends at 3)")
                ])
    }

    func inode(_ path: String) throws -> UInt64 {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    /// The head is written over in place (same file, a fixed 256-byte slot of JSON and spaces),
    /// not replaced by a rename; a head of an earlier rapport (unpadded) or anything longer at its
    /// path is taken over, and verify() still finds lines deleted at the end.
    @Test func headIsWrittenInPlaceInAFixedSlot() throws {
        defer { dir.remove() }
        try fill()
        let before = try inode(log.headPath)
        try log.append(.reviewOpened, role: .therapist)
        #expect(try inode(log.headPath) == before)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: log.headPath))
        #expect(bytes.count == 256)
        #expect(bytes.last == 0x0A)
        let verified = try log.verify()
        #expect(verified.lines == 6 && verified.problems.isEmpty && verified.warnings.isEmpty)

        // An unpadded head, as earlier versions wrote it: shorter than the slot.
        let json = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        try Data(json.utf8).write(to: URL(fileURLWithPath: log.headPath))
        try log.append(.reviewOpened, role: .therapist)
        bytes = try Data(contentsOf: URL(fileURLWithPath: log.headPath))
        #expect(bytes.count == 256)
        #expect(try log.verify().problems.isEmpty)

        // Something longer than the slot is replaced whole.
        try Data(repeating: 0x41, count: 700).write(to: URL(fileURLWithPath: log.headPath))
        try log.append(.reviewOpened, role: .therapist)
        #expect(try Data(contentsOf: URL(fileURLWithPath: log.headPath)).count == 256)
        #expect(try log.verify().problems.isEmpty)

        try writeLines(Array(try lines().dropLast()))
        #expect(
            try log.verify().problems == [
                AuditProblem(
                    line: 8, reason: "1 line(s) deleted at the end (audit.head records entry 8, the log ends at 7)")
            ])
    }

    @Test func garbageLineIsReported() throws {
        defer { dir.remove() }
        try fill()
        var raw = try lines()
        raw[0] = "{\"hello\":"
        try writeLines(raw)
        #expect(
            try log.verify().problems == [AuditProblem(line: 1, reason: "not a valid audit entry (edited or damaged)")])
    }

    @Test func interruptedAppendIsAWarningAndRepaired() throws {
        defer { dir.remove() }
        try fill()
        let handle = try #require(FileHandle(forWritingAtPath: log.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"client\":\"C1\",\"ev".utf8))
        try handle.close()
        let result = try log.verify()
        #expect(result.problems.isEmpty)
        #expect(
            result.warnings == [
                AuditProblem(line: 6, reason: "incomplete (an append was interrupted); repaired by the next append")
            ])
        let entry = try log.append(.reviewOpened, role: .therapist)
        #expect(entry.seq == 6)
        let after = try log.verify()
        #expect(after.problems.isEmpty && after.warnings.isEmpty)
        #expect(after.lines == 6)
    }

    @Test func concurrentAppendsKeepTheChain() throws {
        defer { dir.remove() }
        let root = store.layout.root
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let own = AuditLog(root: root, clock: FixedClock(Fixtures.referenceDate))
            for _ in 0..<40 {
                _ = try? own.append(.reviewOpened, role: .therapist, count: worker)
            }
        }
        let result = try log.verify()
        #expect(result.problems.isEmpty)
        #expect(result.lines == 320)
        #expect(try log.entries().map(\.seq) == Array(1...320))
    }

    @Test func savesAndCorrectionsAreLoggedWithoutAnswersOrNames() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id, therapist: "Dr Zebediah Quill")
        let phq = try Fixtures.instrument("phq-9")
        func new(_ answers: [Int?], replace: Bool) throws -> NewAdministration {
            NewAdministration(
                clientId: id, session: 1, sessionDate: try SessionDate("2026-11-24"), rater: .client, instrument: phq,
                answers: answers, administeredAt: clock.now(), source: .kiosk, replace: replace)
        }
        let first = try store.save(try new([3, 3, 3, 3, 3, 3, 3, 3, 3], replace: false))
        let second = try store.save(try new([2, 2, 2, 2, 2, 2, 2, 2, 2], replace: true))
        let entries = try log.entries()
        #expect(entries.count == 2)
        #expect(entries[0].event == .recordSaved)
        #expect(entries[0].record == first.id)
        #expect(entries[0].role == .client)
        #expect(entries[0].client == id)
        #expect(entries[0].session == 1)
        #expect(entries[1].event == .recordCorrected)
        #expect(entries[1].record == second.id)
        #expect(entries[1].supersedes == first.id)
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        for secret in ["answers", "3,3", "2,2", "Zebediah", "Quill", "total", "27"] {
            #expect(!text.contains(secret), "\(secret) in the audit log")
        }
    }

    @Test func saveIsUndoneWhenTheLogCannotBeWritten() throws {
        defer { dir.remove() }
        let id = try ClientID("C1")
        try store.addClient(id)
        // A directory where the log should be: the append fails, so the save must not stand.
        try FileManager.default.createDirectory(atPath: log.path, withIntermediateDirectories: false)
        let before = TreeSnapshot(store.layout.root)
        let phq = try Fixtures.instrument("phq-9")
        #expect(throws: StoreError.self) {
            try store.save(
                NewAdministration(
                    clientId: id, sessionDate: try SessionDate("2026-11-24"), rater: .client, instrument: phq,
                    answers: [0, 0, 0, 0, 0, 0, 0, 0, 0], administeredAt: clock.now(), source: .cli))
        }
        #expect(TreeSnapshot(store.layout.root).differences(from: before) == [])
    }

    @Test func symlinkedLogIsRefused() throws {
        defer { dir.remove() }
        let outside = dir.appending("elsewhere.log")
        _ = FileManager.default.createFile(atPath: outside, contents: Data())
        try FileManager.default.createSymbolicLink(atPath: log.path, withDestinationPath: outside)
        #expect(throws: StoreError.corrupt(path: log.path, reason: "is a symbolic link; rapport does not follow links"))
        {
            try log.append(.reviewOpened, role: .therapist)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: outside)).isEmpty)
    }

    @Test func pathsMustStayInside() throws {
        defer { dir.remove() }
        #expect(throws: StoreError.self) { try log.append(.fileQuarantined, role: .admin, path: "../etc/passwd") }
        #expect(throws: StoreError.self) { try log.append(.fileQuarantined, role: .admin, path: "/etc/passwd") }
    }

    @Test func checkerReportsBrokenChain() throws {
        defer { dir.remove() }
        try fill()
        var raw = try lines()
        raw.remove(at: 1)
        try writeLines(raw)
        let report = try StoreChecker(store: store, catalog: try Fixtures.catalog()).run()
        #expect(
            report.errors.map(\.description) == [
                "\(log.path): line 2: 1 line(s) deleted before this line (entry 1 is followed by 3)"
            ])
    }
}
