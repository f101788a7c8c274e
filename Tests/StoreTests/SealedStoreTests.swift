import Crypto
import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// A data directory sealed by `Migration` (on an empty directory), with two therapists' keys.
struct SealedDirectory {
    let dir: TemporaryDirectory
    let clock = FixedClock(Fixtures.referenceDate)
    let t1: AccountID
    let t2: AccountID
    let k1 = Curve25519.KeyAgreement.PrivateKey()
    let k2 = Curve25519.KeyAgreement.PrivateKey()
    let clinic = SymmetricKey(size: .bits256)
    /// An admin's keyring: both caseload keys and the clinic key.
    let full: StaticKeyring
    let store: DataStore

    init(sealed: Bool = true, root: String? = nil) throws {
        dir = try TemporaryDirectory()
        t1 = try AccountID("t1")
        t2 = try AccountID("t2")
        full = StaticKeyring(privateKeys: [t1: k1, t2: k2], clinicKey: clinic)
        var store = DataStore(root: root ?? dir.appending("data"), clock: clock)
        if root == nil { try store.initialize() }
        if sealed {
            store.keyring = full
            let t1 = self.t1
            try Migration(store: store, assign: { _ in t1 }).run()
        }
        self.store = store
    }

    /// A store of the same directory holding `keyring`.
    func store(_ keyring: StaticKeyring?) -> DataStore {
        var s = DataStore(root: store.layout.root, clock: clock)
        s.keyring = keyring
        return s
    }

    /// Every regular file under the data directory.
    func allFiles() -> [String] {
        let root = store.layout.root
        let names = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return names.map { root + "/" + $0 }.filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue
        }
    }
}

@Suite("Sealed data directory")
struct SealedStoreTests {
    let wai: Instrument
    let c1: ClientID

    init() throws {
        wai = try Fixtures.instrument("wai-sr")
        c1 = try ClientID("C1")
    }

    func new(
        _ date: String, answers: [Int?] = [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4], clock: FixedClock
    )
        throws -> NewAdministration
    {
        NewAdministration(
            clientId: c1, session: nil, sessionDate: try SessionDate(date), rater: .client, instrument: wai,
            answers: answers, administeredAt: clock.now(), source: .cli)
    }

    /// The same store scenario on a plaintext and on a sealed directory: saving (with a backdated form
    /// that renumbers), reading records and summaries, notes, drafts, discharges, a rebuilt summary.
    @Test(arguments: [false, true]) func representativeStoreScenario(sealed: Bool) throws {
        let d = try SealedDirectory(sealed: sealed)
        defer { d.dir.remove() }
        let store = d.store
        #expect(store.isSealed() == sealed)
        try store.addClient(c1, therapist: "t1")
        let first = try store.save(try new("2026-11-10", clock: d.clock))
        let second = try store.save(try new("2026-11-17", clock: d.clock))
        let backdated = try store.save(try new("2026-11-03", clock: d.clock))
        #expect(first.session == 1 && second.session == 2 && backdated.session == 1)
        #expect(throws: StoreError.self) { try store.save(try new("2026-11-17", clock: d.clock)) }
        let (records, problems) = try store.records(c1)
        #expect(records.count == 3 && problems.isEmpty)
        #expect(try store.record(c1, id: second.id) == second)
        var summary = try store.summary(c1)
        #expect(summary.sessions.map(\.date.description) == ["2026-11-03", "2026-11-10", "2026-11-17"])
        try store.addNote(c1, session: 3, text: "slept better")
        #expect(try store.notes(c1).map(\.text) == ["slept better"])
        let draft = Draft(
            clientId: c1, session: 4, sessionDate: try SessionDate("2026-11-24"), rater: .client, battery: ["wai-sr"],
            answers: ["wai-sr": [1, 2]], updatedAt: d.clock.now())
        try store.saveDraft(draft)
        #expect(try store.loadDraft(c1, session: 4, rater: .client) == draft)
        try store.discharge(c1, reason: .completed)
        #expect(try store.discharges(c1).count == 1)
        try store.rebuildSummary(c1)
        summary = try store.summary(c1)
        #expect(summary.recordCount == 3 && summary.notes.count == 1)
        let report = try StoreChecker(store: store, catalog: try Fixtures.catalog()).run()
        #expect(report.errors.isEmpty, "\(report.errors)")
        let recordFile = try String(contentsOfFile: store.layout.record(c1, second.id), encoding: .utf8)
        #expect(recordFile.contains("\"answers\"") != sealed)
        if sealed {
            let envelope = try StoreCoding.decoder().decode(SealedEnvelope.self, from: Data(recordFile.utf8))
            #expect(envelope.sealedTo == d.t1 && envelope.schemaVersion == 3)
            #expect(try store.client(c1).therapist == "t1")
        }
    }

    /// Records written in bulk (the demo, `import`) carry their clear date like a single save, so a
    /// kiosk (public keys only) numbers the next session and opens the battery on demo data.
    @Test func aKioskNumbersSessionsAfterABulkWrite() throws {
        let d = try SealedDirectory()
        defer { d.dir.remove() }
        try d.store.addClient(c1, therapist: "t1")
        var first = try new("2026-11-03", clock: d.clock)
        first.session = 1
        var second = try new("2026-11-10", clock: d.clock)
        second.session = 2
        _ = try d.store.importRecords(c1, [first, second])
        let kiosk = d.store(d.full.publicOnly)
        #expect(try kiosk.session(for: c1, on: try SessionDate("2026-11-17")) == 3)
        #expect(try kiosk.save(try new("2026-11-17", clock: d.clock)).session == 3)
    }

    @Test func aKioskWritesButCannotReadEarlierData() throws {
        let d = try SealedDirectory()
        defer { d.dir.remove() }
        try d.store.addClient(c1, therapist: "t1")
        let earlier = try d.store.save(try new("2026-11-10", clock: d.clock))
        try d.store.addNote(c1, session: 1, text: "first session")
        let kiosk = d.store(d.full.publicOnly)
        // The kiosk numbers by the records' clear dates: a later form is session 2, a backdated one 1.
        let later = try kiosk.save(try new("2026-11-17", clock: d.clock))
        #expect(later.session == 2)
        #expect(
            throws: StoreError.duplicateRecord(
                client: "C1", instrument: "wai-sr", rater: "client", session: 2, date: "2026-11-17")
        ) {
            try kiosk.save(try new("2026-11-17", clock: d.clock))
        }
        let backdated = try kiosk.save(try new("2026-11-03", clock: d.clock))
        #expect(backdated.session == 1)
        let path = kiosk.layout.record(c1, earlier.id)
        #expect(throws: StoreError.sealed(path: path)) { try kiosk.record(c1, id: earlier.id) }
        #expect(throws: StoreError.self) { try kiosk.records(c1) }
        #expect(throws: StoreError.sealed(path: kiosk.layout.notes(c1))) { try kiosk.notes(c1) }
        #expect(throws: StoreError.self) { try kiosk.summary(c1) }
        // Nothing was lost: the therapist reads all three, in date order, and the note moved along.
        let summary = try d.store.summary(c1)
        #expect(summary.recordCount == 3)
        #expect(summary.sessions.map(\.date.description) == ["2026-11-03", "2026-11-10", "2026-11-17"])
        #expect(summary.notes.first?.session == 2)
        // "Finish later" still works at the kiosk: drafts are sealed with the clinic-derived draft key.
        let draft = Draft(
            clientId: c1, session: 4, sessionDate: try SessionDate("2026-11-24"), rater: .client, battery: ["wai-sr"],
            answers: ["wai-sr": [1, nil, 3]], updatedAt: d.clock.now())
        try kiosk.saveDraft(draft)
        #expect(try kiosk.loadDraft(c1, session: 4, rater: .client) == draft)
        #expect(try d.store.loadDraft(c1, session: 4, rater: .client) == draft)
        // Without the clinic key not even a draft opens.
        let bare = d.store(StaticKeyring(publicKeys: d.full.publicKeys))
        #expect(throws: StoreError.self) { try bare.loadDraft(c1, session: 4, rater: .client) }
    }

    @Test func noClinicalStringInAnyFile() throws {
        let answers: [Int?] = [5, 1, 5, 1, 4, 1, 4, 2, 5, 2, 4, 3]
        let pattern = "[5,1,5,1,4,1,4,2,5,2,4,3]"
        let note = "Quokka-Zanzibar-nightmares"
        let obstacle = "Marmalade-landlord-eviction"
        let draftPattern = "[1,7,1,7,1]"
        func populate(_ d: SealedDirectory) throws {
            let store = d.store
            try store.addClient(c1, therapist: "t1")
            try store.save(try new("2026-11-10", answers: answers, clock: d.clock))
            try store.addNote(c1, session: 1, text: note)
            try store.recordObstacles(
                c1, date: try SessionDate("2026-11-10"), answers: [.support: .yes], notes: [.support: obstacle])
            try store.saveDraft(
                Draft(
                    clientId: c1, session: 2, sessionDate: try SessionDate("2026-11-17"), rater: .client,
                    battery: ["wai-sr"], answers: ["wai-sr": [1, 7, 1, 7, 1]], updatedAt: d.clock.now()))
            try store.discharge(c1, reason: .completed)
            _ = try store.summaries()
            // The derived files: the caseload index (read whole, then its statistics alone).
            #expect(try store.caseload().summaries.map(\.clientId) == [c1])
            _ = try store.caseloadStats()
        }
        // The scores as the summary and the caseload index store them: each series point
        // ("[1,38]") and each caseload statistic ("[1,38,0]"); brackets and commas never occur in
        // base64, so a hit is a plaintext score.
        func scoreNeedles(_ d: SealedDirectory) throws -> [String] {
            let encoder = StoreCoding.encoder()
            var out: [String] = []
            for (_, points) in try d.store.summary(c1).series {
                for p in points {
                    out.append(String(decoding: try encoder.encode(p), as: UTF8.self))
                    out.append(String(decoding: try encoder.encode(SeriesStats(values: [p.value])), as: UTF8.self))
                }
            }
            return out
        }
        func found(_ d: SealedDirectory, _ needles: [String]) throws -> Set<String> {
            var hits = Set<String>()
            for path in d.allFiles() {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                for needle in needles where bytes.range(of: Data(needle.utf8)) != nil {
                    hits.insert(needle)
                }
            }
            return hits
        }
        // The control: in a plaintext directory every string is on disk (the test can fail).
        let plain = try SealedDirectory(sealed: false)
        defer { plain.dir.remove() }
        try populate(plain)
        let scores = try scoreNeedles(plain)
        #expect(scores.count >= 4)
        let needles = [pattern, note, obstacle, draftPattern] + scores
        #expect(try found(plain, needles) == Set(needles))
        #expect(plain.allFiles().contains(plain.store.layout.caseloadIndex))
        let sealed = try SealedDirectory()
        defer { sealed.dir.remove() }
        try populate(sealed)
        #expect(sealed.allFiles().contains(sealed.store.layout.caseloadIndex))
        #expect(try found(sealed, needles).isEmpty)
        #expect(Set(try scoreNeedles(sealed)) == Set(scores))
        #expect(try sealed.store.notes(c1).map(\.text) == [note])
        #expect(try sealed.store.obstacleChecks(c1).first?.notes[.support] == obstacle)
    }

    @Test func aFlippedByteInAnyPartOfARecordIsDetectedAndNamed() throws {
        let d = try SealedDirectory()
        defer { d.dir.remove() }
        try d.store.addClient(c1, therapist: "t1")
        let record = try d.store.save(try new("2026-11-10", clock: d.clock))
        let path = d.store.layout.record(c1, record.id)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: original, as: UTF8.self)
        let envelope = try StoreCoding.decoder().decode(SealedEnvelope.self, from: original)
        let enc = try #require(envelope.payload?.enc.base64EncodedString())
        let ct = try #require(envelope.payload?.ct.base64EncodedString())
        func offset(of part: String, at fraction: Double) throws -> Int {
            let range = try #require(text.range(of: part))
            let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            return start + Int(Double(part.utf8.count - 4) * fraction)
        }
        let positions: [(String, Int)] = [
            ("header: schemaVersion", try offset(of: "\"schemaVersion\":3", at: 1) + 3),
            ("header: sealedTo", try offset(of: "\"sealedTo\":\"t1\"", at: 1) + 2),
            ("header: date", try offset(of: "\"date\":\"2026-11-10\"", at: 1) + 2),
            ("enc", try offset(of: enc, at: 0.5)),
            ("ct start", try offset(of: ct, at: 0.1)),
            ("ct middle", try offset(of: ct, at: 0.5)),
            ("ct end", try offset(of: ct, at: 0.9)),
        ]
        let checker = StoreChecker(store: d.store, catalog: nil)
        for (label, index) in positions {
            var damaged = original
            // Change one character, staying a valid base64 digit inside enc and ct.
            damaged[index] = damaged[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            try damaged.write(to: URL(fileURLWithPath: path))
            do {
                _ = try d.store.record(c1, id: record.id)
                Issue.record("\(label): the flipped byte went unnoticed")
            } catch {
                #expect(error.description.contains(path), "\(label): \(error)")
            }
            let report = try checker.run()
            #expect(report.errors.contains { $0.path == path }, "\(label): \(report.errors)")
        }
        try original.write(to: URL(fileURLWithPath: path))
        #expect(try d.store.record(c1, id: record.id) == record)
        #expect(try checker.run().errors.isEmpty)
    }

    @Test func aPlaintextFilePlantedInASealedDirectoryIsRefused() throws {
        let d = try SealedDirectory()
        defer { d.dir.remove() }
        try d.store.addClient(c1, therapist: "t1")
        let record = try d.store.save(try new("2026-11-10", clock: d.clock))
        let path = d.store.layout.record(c1, record.id)
        try StoreCoding.encode(record, path: path).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.tampered(path: path, reason: "a plaintext file in a sealed data directory")) {
            try d.store.record(c1, id: record.id)
        }
    }

    @Test func resealClientMovesEveryFileAndResumesAfterAFailure() throws {
        let fs = FailingFileSystem()
        let d = try SealedDirectory()
        defer { d.dir.remove() }
        try d.store.addClient(c1, therapist: "t1")
        for date in ["2026-11-03", "2026-11-10", "2026-11-17"] { try d.store.save(try new(date, clock: d.clock)) }
        try d.store.addNote(c1, session: 1, text: "a note")
        let before = try d.store.records(c1).records
        // The summary's spare holds an earlier summary, sealed to t1; the move removes it.
        let spare = PosixFileSystem.spareName(for: d.store.layout.summary(c1))
        #expect(FileManager.default.fileExists(atPath: spare))
        var failing = DataStore(root: d.store.layout.root, fileSystem: fs, clock: d.clock)
        failing.keyring = d.full
        fs.fail(.diskFull, after: 2)
        #expect(throws: StoreError.self) { try failing.resealClient(c1, to: d.t2) }
        fs.heal()
        // Half moved: the admin (both keys) still reads everything.
        #expect(try d.store.records(c1).records == before)
        try failing.resealClient(c1, to: d.t2)
        let onlyT2 = d.store(StaticKeyring(privateKeys: [d.t2: d.k2], clinicKey: d.clinic))
        let onlyT1 = d.store(StaticKeyring(privateKeys: [d.t1: d.k1], clinicKey: d.clinic))
        #expect(try onlyT2.records(c1).records == before)
        #expect(try onlyT2.notes(c1).count == 1)
        #expect(try onlyT2.client(c1).therapist == "t2")
        #expect(throws: StoreError.self) { try onlyT1.records(c1) }
        #expect(!FileManager.default.fileExists(atPath: spare))
        #expect(try StoreChecker(store: onlyT2, catalog: nil).run().errors.isEmpty)
    }
}
