import Foundation
import Instruments
import Store
import TestSupport
import Testing

/// A save that cannot complete (disk full, read-only) reports it and leaves the previous state intact.
@Suite("Disk full and read-only, through the file-system seam")
struct FailureInjectionTests {
    let dir: TemporaryDirectory
    let fs = FailingFileSystem()
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let id: ClientID
    let phq: Instrument

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), fileSystem: fs, clock: clock)
        try store.initialize()
        id = try ClientID("C1")
        try store.addClient(id)
        phq = try Fixtures.instrument("phq-9")
        try store.save(new(date: "2026-11-01"))
    }

    func new(date: String, session: Int? = nil, replace: Bool = false) throws -> NewAdministration {
        NewAdministration(
            clientId: id, session: session, sessionDate: try SessionDate(date), rater: .client, instrument: phq,
            answers: [1, 2, 1, 2, 1, 2, 1, 2, 0], administeredAt: clock.now(), source: .cli, replace: replace)
    }

    /// The tree without interrupted-write temp files (the injected disk-full leaves one, as a real one may).
    func snapshot() -> TreeSnapshot {
        var s = TreeSnapshot(store.layout.root)
        s.entries = s.entries.filter { !$0.key.contains(".tmp-") }
        return s
    }

    /// A save writes its record under a temporary name while another thread bumps the caseload
    /// index's counter: when the index cannot be locked, the save fails with nothing of it left —
    /// no record, no temporary file, no audit line — and goes through once the index can be.
    @Test func aSaveWhoseIndexCannotBeLockedLeavesNoTemporaryFile() throws {
        defer { dir.remove() }
        let posix = DataStore(root: dir.appending("posix"), clock: clock)
        try posix.initialize()
        try posix.addClient(id)
        try posix.save(new(date: "2026-11-01"))
        let lock = posix.layout.caseloadIndexLock
        try? FileManager.default.removeItem(atPath: lock)
        try FileManager.default.createDirectory(atPath: lock, withIntermediateDirectories: false)
        let lines = try posix.audit.entries().count
        #expect {
            try posix.save(new(date: "2026-11-08"))
        } throws: { error in
            guard case let .io(path, operation, _) = error as? StoreError else { return false }
            return path == lock && operation == "open lock"
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: posix.layout.records(id))
        #expect(names.count == 1)
        #expect(names.allSatisfy { !$0.contains(".tmp-") })
        #expect(try posix.audit.entries().count == lines)
        try FileManager.default.removeItem(atPath: lock)
        try posix.save(new(date: "2026-11-08"))
        #expect(try posix.records(id).records.map(\.session) == [1, 2])
        #expect(try posix.caseload().summaries.first?.recordCount == 2)
    }

    /// A save's change counter (the caseload index's; the client's does not move, the new record
    /// file makes the summary stale) is synced as soon as it is written, and the save waits for it
    /// before the record's name appears; when that sync fails, nothing of the save is left and the
    /// next save goes through.
    @Test func theIndexCounterIsSyncedBeforeTheRecordAndItsFailureLeavesNothing() throws {
        defer { dir.remove() }
        let started = fs.syncsStarted
        let counter = FileLock.peekCounter(path: store.layout.lock(id))
        try store.save(new(date: "2026-11-08"))
        #expect(fs.syncsStarted == started + 1)
        #expect(FileLock.peekCounter(path: store.layout.lock(id)) == counter)
        let before = snapshot()
        let lines = try store.audit.entries().count
        fs.failSyncsAlongside()
        #expect {
            try store.save(new(date: "2026-11-15"))
        } throws: { error in
            guard case let .io(_, operation, code) = error as? StoreError else { return false }
            return code == EIO && operation == "sync counter"
        }
        #expect(snapshot().differences(from: before) == [])
        #expect(try store.audit.entries().count == lines)
        fs.heal()
        // The started sync's failure is waited for, and stops the save.
        fs.failStartedSync(1)
        #expect(throws: StoreError.self, "counter sync") { try store.save(new(date: "2026-11-15")) }
        #expect(snapshot().differences(from: before) == [])
        #expect(try store.records(id).records.count == 2)
        try store.save(new(date: "2026-11-15"))
        #expect(try store.records(id).records.count == 3)
        #expect(try store.audit.verify().problems.isEmpty)
        // A store that does not sync (bulk generation) gives none.
        let bulk = DataStore(root: store.layout.root, fileSystem: fs, clock: clock, durable: false)
        let startedBefore = fs.syncsStarted
        try bulk.save(new(date: "2026-11-22"))
        #expect(fs.syncsAlongside.last == 0)
        #expect(fs.syncsStarted == startedBefore)
    }

    /// The records directory is fsynced together with the audit line (after the line is written,
    /// before its fdatasync). When that sync fails, the record is removed and the line cut off
    /// again: nothing of the save is left, and the log's chain goes on unbroken.
    @Test func failedDirectorySyncTakesBackTheRecordAndItsAuditLine() throws {
        defer { dir.remove() }
        let before = snapshot()
        let lines = try store.audit.entries().count
        fs.failDirectorySyncs()
        #expect {
            try store.save(new(date: "2026-11-08"))
        } throws: { error in
            guard case let .io(path, operation, code) = error as? StoreError else { return false }
            return code == EIO && operation == "fsync directory" && path == store.layout.records(id)
        }
        #expect(snapshot().differences(from: before) == [])
        #expect(try store.audit.entries().count == lines)
        fs.heal()
        try store.save(new(date: "2026-11-08"))
        #expect(try store.records(id).records.count == 2)
        #expect(try store.audit.entries().count == lines + 1)
        #expect(try store.audit.verify().problems.isEmpty)
        let report = try StoreChecker(store: store, catalog: try Fixtures.catalog()).run()
        #expect(report.errors.isEmpty)
    }

    @Test(arguments: [FailingFileSystem.Failure.diskFull, .readOnly])
    func failedRecordSaveChangesNothing(failure: FailingFileSystem.Failure) throws {
        defer { dir.remove() }
        let before = snapshot()
        fs.fail(failure)
        let expected: Int32 = failure == .diskFull ? ENOSPC : EROFS
        #expect {
            try store.save(new(date: "2026-11-08"))
        } throws: { error in
            guard case let .io(path, _, code) = error as? StoreError else { return false }
            return code == expected && path.hasPrefix(store.layout.records(id))
        }
        #expect(snapshot().differences(from: before) == [])
        fs.heal()
        // The store is fully usable afterwards, and the interrupted write is only a warning.
        try store.save(new(date: "2026-11-08"))
        #expect(try store.records(id).records.count == 2)
        let report = try StoreChecker(store: store, catalog: try Fixtures.catalog()).run()
        #expect(report.errors.isEmpty)
    }

    @Test func failedCorrectionKeepsTheOriginalCurrent() throws {
        defer { dir.remove() }
        let original = try store.records(id).records
        fs.fail(.diskFull)
        #expect(throws: StoreError.self) { try store.save(new(date: "2026-11-01", session: 1, replace: true)) }
        fs.heal()
        #expect(try store.records(id).records == original)
        #expect(AdministrationRecord.current(try store.records(id).records) == original)
    }

    @Test func failedSummaryWriteStillSavesAndRecovers() throws {
        defer { dir.remove() }
        // The record is written, then the disk fills before the summary: the save stands
        // (record and audit line are durable) and the stale summary is rebuilt on reading.
        fs.fail(.diskFull, after: 1)
        let saved = try store.save(new(date: "2026-11-08"))
        fs.heal()
        #expect(try store.summary(id).sessions.map(\.session) == [1, 2])
        #expect(try store.audit.entries().last?.record == saved.id)
    }

    @Test(arguments: [FailingFileSystem.Failure.diskFull, .readOnly])
    func failedDraftSaveKeepsTheOldDraft(failure: FailingFileSystem.Failure) throws {
        defer { dir.remove() }
        var draft = Draft(
            clientId: id, session: 2, sessionDate: try SessionDate("2026-11-08"), rater: .client, battery: ["phq-9"],
            answers: ["phq-9": [1, nil]], updatedAt: clock.now())
        try store.saveDraft(draft)
        let before = snapshot()
        fs.fail(failure)
        draft.answers["phq-9"] = [1, 2]
        #expect(throws: StoreError.self) { try store.saveDraft(draft) }
        fs.heal()
        #expect(snapshot().differences(from: before) == [])
        #expect(try store.loadDraft(id, session: 2, rater: .client)?.answers["phq-9"] == [1, nil])
    }

    @Test(arguments: [FailingFileSystem.Failure.diskFull, .readOnly])
    func failedClientAddLeavesNoHalfClient(failure: FailingFileSystem.Failure) throws {
        defer { dir.remove() }
        let before = snapshot()
        fs.fail(failure, after: 1)  // client.json written in staging, then the summary fails
        #expect(throws: StoreError.self) { try store.addClient(try ClientID("C2")) }
        fs.heal()
        #expect(snapshot().differences(from: before) == [])
        #expect(try store.clientIDs().ids == [id])
    }

    @Test func failedNoteKeepsNotes() throws {
        defer { dir.remove() }
        try store.addNote(id, session: 1, text: "first")
        fs.fail(.readOnly)
        #expect(throws: StoreError.self) { try store.addNote(id, session: 1, text: "second") }
        fs.heal()
        #expect(try store.notes(id).map(\.text) == ["first"])
    }
}
