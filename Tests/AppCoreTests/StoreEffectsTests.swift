import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

@Suite("store effects")
struct StoreEffectsTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let effects: StoreEffects
    let c1: ClientID

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock, durable: false)
        try store.initialize()
        c1 = try ClientID("C1")
        try store.addClient(c1, therapist: "Dr Lee")
        effects = StoreEffects(
            store: store, catalog: try Fixtures.catalog(), passphrase: try Passphrase.hash("open sesame", rounds: 500),
            codes: KioskCodes(store: store, rounds: 500))
    }

    var today: SessionDate { SessionDate(date: clock.now()) }

    @Test func openingRefusesADataDirectoryThatCannotTakeTheDraft() throws {
        defer { dir.remove() }
        let fs = FailingFileSystem()
        let failing = DataStore(root: dir.appending("data"), fileSystem: fs, clock: clock, durable: false)
        let e = StoreEffects(store: failing, catalog: try Fixtures.catalog(), passphrase: nil)
        fs.fail(.readOnly)
        let request = BatteryRequest(clientId: c1, rater: .client, battery: ["gad-7"], source: .kiosk)
        #expect(throws: StoreError.self) { try e.open(request) }
        guard case .openFailed = e.perform(.openBattery(request)).first else {
            Issue.record("a battery was opened on a read-only data directory")
            return
        }
        fs.heal()
        #expect(try e.open(request).instruments.map(\.id) == ["gad-7"])
        #expect(try failing.drafts(c1).isEmpty)  // the check leaves no empty draft behind
    }

    @Test func firstSessionGetsDefaultBatteryWithAttachment() throws {
        defer { dir.remove() }
        let q = try effects.open(BatteryRequest(clientId: c1, rater: .client, source: .rate))
        #expect(q.instruments.map(\.id) == ["wai-sr", "si-therapist", "phq-9", "gad-7", "ecr-rs"])
        #expect(q.session == 1)
        #expect(q.names.therapist == "Dr Lee")
        let t = try effects.open(BatteryRequest(clientId: c1, rater: .therapist, source: .rate))
        #expect(t.instruments.map(\.id) == ["wai-sr-therapist"])
    }

    @Test func clientBatteryAndCommandLineBattery() throws {
        defer { dir.remove() }
        try store.updateClient(c1) { $0.battery = ["gad-7", "wai-sr"] }
        let q = try effects.open(BatteryRequest(clientId: c1, rater: .client, source: .rate))
        #expect(q.instruments.map(\.id) == ["gad-7", "wai-sr"])
        let given = try effects.open(BatteryRequest(clientId: c1, rater: .client, battery: ["phq-9"], source: .rate))
        #expect(given.instruments.map(\.id) == ["phq-9"])
        #expect(throws: StoreError.invalid("wai-sr is filled in by the client, not the therapist")) {
            try effects.open(BatteryRequest(clientId: c1, rater: .therapist, battery: ["wai-sr"], source: .rate))
        }
    }

    @Test func unknownClientFails() throws {
        defer { dir.remove() }
        let actions = effects.perform(
            .openBattery(BatteryRequest(clientId: try ClientID("C9"), rater: .client, source: .rate)))
        #expect(actions == [.openFailed("no client C9 in this data directory")])
    }

    @Test func draftResumesAndRecordedCountsAsSubmitted() throws {
        defer { dir.remove() }
        let draft = Draft(
            clientId: c1, session: 1, sessionDate: today, rater: .client, battery: ["gad-7", "phq-9"],
            answers: ["phq-9": [1, 2, nil, nil, nil, nil, nil, nil, nil]], updatedAt: clock.now())
        #expect(effects.perform(.saveDraft(draft)).isEmpty)
        // gad-7 was saved as a record but the draft was not updated (a crash in between).
        try store.save(
            NewAdministration(
                clientId: c1, session: 1, sessionDate: today, rater: .client,
                instrument: try Fixtures.instrument("gad-7"),
                answers: Array(repeating: 1, count: 7), administeredAt: clock.now(), source: .rate))
        var q = try effects.open(BatteryRequest(clientId: c1, rater: .client, source: .rate))
        #expect(q.instruments.map(\.id) == ["gad-7", "phq-9"])
        #expect(q.submitted == ["gad-7"])
        let movedQ = q.moveToResumePoint()
        #expect(movedQ)
        #expect(q.instrument.id == "phq-9")
        #expect(q.step == .item(2))
    }

    @Test func draftFromAnotherDayIsNotResumed() throws {
        defer { dir.remove() }
        let draft = Draft(
            clientId: c1, session: 1, sessionDate: try SessionDate("2026-11-20"), rater: .client, battery: ["phq-9"],
            answers: ["phq-9": [1, 2, nil, nil, nil, nil, nil, nil, nil]], updatedAt: clock.now())
        try store.saveDraft(draft)
        let q = try effects.open(BatteryRequest(clientId: c1, rater: .client, source: .rate))
        #expect(q.instruments.count == 5)
        #expect(q.answers["phq-9"] == Array(repeating: nil, count: 9))
    }

    @Test func submitSavesRecordWithSourceAndRisk() throws {
        defer { dir.remove() }
        let phq = try Fixtures.instrument("phq-9")
        let actions = effects.perform(
            .submit(
                Submission(
                    clientId: c1, session: 1, sessionDate: today, rater: .client, instrument: phq,
                    answers: [0, 1, 0, 1, 0, 1, 0, 1, 2], source: .kiosk)))
        guard case .submissionSaved(let id, let score, let risk) = actions.first else {
            Issue.record("expected a saved submission, got \(actions)")
            return
        }
        #expect(id == "phq-9")
        #expect(risk)
        #expect(score.score == 6)
        let records = try store.records(c1).records
        #expect(records.count == 1)
        #expect(records.first?.source == .kiosk)
        #expect(records.first?.result.risk == [9])
        // A second submission of the same instrument in the session is refused, not duplicated.
        let again = effects.perform(
            .submit(
                Submission(
                    clientId: c1, session: 1, sessionDate: today, rater: .client, instrument: phq,
                    answers: [0, 1, 0, 1, 0, 1, 0, 1, 2], source: .kiosk)))
        guard case .submissionFailed = again.first else {
            Issue.record("expected a refusal, got \(again)")
            return
        }
    }

    @Test func codeAndPassphraseChecks() throws {
        defer { dir.remove() }
        let (code, _) = try effects.codes.create(for: c1)
        // The check opens the battery too: the code is used up only once it is open.
        let opened = effects.perform(.checkCode(code))
        #expect(opened.count == 2)
        #expect(opened.first == .codeChecked(.accepted(c1)))
        guard case .batteryOpened(let q) = opened.last else {
            Issue.record("expected the battery, got \(opened)")
            return
        }
        #expect(q.clientId == c1 && q.source == .kiosk)
        #expect(effects.perform(.checkCode(code)) == [.codeChecked(.unknown)])
        #expect(effects.perform(.checkPassphrase("open sesame")) == [.passphraseChecked(true)])
        #expect(effects.perform(.checkPassphrase("open sesam")) == [.passphraseChecked(false)])
        let none = StoreEffects(store: store, catalog: effects.catalog, passphrase: nil)
        #expect(none.perform(.checkPassphrase("")) == [.passphraseChecked(false)])
    }

    func codesUsed() throws -> Int { try store.audit.entries().filter { $0.event == .kioskCodeUsed }.count }

    /// A kiosk code whose battery cannot be opened (a draft from earlier today names an
    /// instrument whose file is gone) is not used up: the client is told it cannot be used right
    /// now, and once the cause is fixed the same code opens the battery, and only then is gone.
    @Test func codeSurvivesABatteryThatCannotOpen() throws {
        defer { dir.remove() }
        let (code, _) = try effects.codes.create(for: c1)
        try store.saveDraft(
            Draft(
                clientId: c1, session: 1, sessionDate: today, rater: .client, battery: ["no-such-instrument"],
                updatedAt: clock.now()))
        for _ in 0..<2 {
            let failed = effects.perform(.checkCode(code))
            guard case .openFailed = failed.first, failed.count == 1 else {
                Issue.record("expected openFailed alone, got \(failed)")
                return
            }
        }
        #expect(try codesUsed() == 0)
        try store.deleteDraft(c1, session: 1, rater: .client)
        let opened = effects.perform(.checkCode(code))
        #expect(opened.first == .codeChecked(.accepted(c1)))
        guard case .batteryOpened = opened.last else {
            Issue.record("expected the battery, got \(opened)")
            return
        }
        #expect(try codesUsed() == 1)
        #expect(effects.perform(.checkCode(code)) == [.codeChecked(.unknown)])
        #expect(try codesUsed() == 1)
    }

    /// The same with a data directory that cannot take the answers (read-only): the code stays.
    @Test func codeSurvivesAReadOnlyDataDirectory() throws {
        defer { dir.remove() }
        let fs = FailingFileSystem()
        let failing = DataStore(root: dir.appending("data"), fileSystem: fs, clock: clock, durable: false)
        let e = StoreEffects(
            store: failing, catalog: try Fixtures.catalog(), passphrase: nil,
            codes: KioskCodes(store: failing, rounds: 500))
        let (code, _) = try e.codes.create(for: c1, again: true)
        fs.fail(.readOnly)
        let failed = e.perform(.checkCode(code))
        guard case .openFailed = failed.first, failed.count == 1 else {
            Issue.record("expected openFailed alone, got \(failed)")
            return
        }
        fs.heal()
        let opened = e.perform(.checkCode(code))
        #expect(opened.first == .codeChecked(.acceptedAgain(c1)))
        guard case .batteryOpened(let q) = opened.last else {
            Issue.record("expected the battery, got \(opened)")
            return
        }
        #expect(q.again)
        #expect(try codesUsed() == 1)
    }

    @Test func deleteDraft() throws {
        defer { dir.remove() }
        let draft = Draft(
            clientId: c1, session: 1, sessionDate: today, rater: .client, battery: ["phq-9"], updatedAt: clock.now())
        try store.saveDraft(draft)
        #expect(effects.perform(.deleteDraft(c1, session: 1, rater: .client)).isEmpty)
        #expect(try store.loadDraft(c1, session: 1, rater: .client) == nil)
    }
}
