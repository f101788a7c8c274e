import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

@Suite("Feedback files in the store: alert responses, obstacle checks, baseline choices")
struct FeedbackStoreTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let id: ClientID

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
        id = try ClientID("C1")
        try store.addClient(id)
    }

    func record(_ date: String) throws {
        let phq = try Fixtures.instrument("phq-9")
        _ = try store.save(
            NewAdministration(
                clientId: id, session: nil, sessionDate: try SessionDate(date), rater: .client,
                instrument: phq, answers: [1, 1, 1, 1, 1, 1, 1, 1, 0], administeredAt: clock.now(), source: .cli,
                replace: false))
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func alertResponsesAreAppendedAuditedAndPrivate() throws {
        try record("2026-09-01")
        try record("2026-09-08")
        let day = try SessionDate("2026-09-08")
        try store.answerAlert(id, alert: "not-on-track:phq-9:e1", response: .seen, reason: nil, evidenceDate: day)
        try store.answerAlert(
            id, alert: "not-on-track:phq-9:e1", response: .disagree, reason: "intake score was a data-entry slip",
            evidenceDate: day)
        let all = try store.alertResponses(id)
        #expect(all.map(\.response) == [.seen, .disagree])
        #expect(all[1].reason == "intake score was a data-entry slip")
        let audit = try store.audit.entries().filter { $0.event == .alertAnswered }
        #expect(audit.count == 2 && audit.allSatisfy { $0.session == 2 && $0.client == id })
        // The audit log never holds the reason.
        let log = try String(contentsOfFile: store.layout.root + "/audit.log", encoding: .utf8)
        #expect(!log.contains("data-entry"))
        #expect(try mode(store.layout.alertResponses(id)) & 0o077 == 0)
        let raw = try String(contentsOfFile: store.layout.alertResponses(id), encoding: .utf8)
        #expect(raw.contains("\"schemaVersion\":1") && raw.contains("\"plan-changed\"") == false)
    }

    @Test func alertResponseRefusals() throws {
        try record("2026-09-01")
        let day = try SessionDate("2026-09-01")
        // disagree needs a reason
        #expect(throws: StoreError.self) {
            try store.answerAlert(id, alert: "rupture:2026-09-01", response: .disagree, reason: "  ", evidenceDate: day)
        }
        // one-line reason
        #expect(throws: StoreError.self) {
            try store.answerAlert(id, alert: "rupture:2026-09-01", response: .seen, reason: "a\nb", evidenceDate: day)
        }
        // a date without a session
        #expect(throws: StoreError.self) {
            try store.answerAlert(
                id, alert: "rupture:2026-09-01", response: .seen, reason: nil,
                evidenceDate: try SessionDate("2026-09-02"))
        }
        #expect(try store.alertResponses(id).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: store.layout.alertResponses(id)))
        #expect(try store.audit.entries().filter { $0.event == .alertAnswered }.isEmpty)
    }

    @Test func obstacleChecksRoundTripAndLatestWins() throws {
        try record("2026-09-01")
        try record("2026-09-08")
        try store.recordObstacles(
            id, date: try SessionDate("2026-09-08"), answers: [.lifeEvents: .yes, .support: .unsure],
            notes: [.lifeEvents: "moved house"])
        try store.recordObstacles(id, date: try SessionDate("2026-09-01"), answers: [.relationship: .no])
        let checks = try store.obstacleChecks(id)
        #expect(checks.count == 2)
        #expect(
            checks[0].answers == [.lifeEvents: .yes, .support: .unsure] && checks[0].notes[.lifeEvents] == "moved house"
        )
        #expect(checks[0].problems == [.lifeEvents])
        // The latest session's check, even when recorded earlier.
        #expect(try store.latestObstacleCheck(id)?.date.rawValue == "2026-09-08")
        let raw = try String(contentsOfFile: store.layout.obstacles(id), encoding: .utf8)
        #expect(raw.contains("\"lifeEvents\":\"yes\""))
        let audit = try store.audit.entries().filter { $0.event == .obstaclesRecorded }
        #expect(audit.map(\.session) == [2, 1] && audit.map(\.count) == [2, 1])
        let log = try String(contentsOfFile: store.layout.root + "/audit.log", encoding: .utf8)
        #expect(!log.contains("moved house"))
    }

    @Test func obstacleRefusals() throws {
        try record("2026-09-01")
        let day = try SessionDate("2026-09-01")
        #expect(throws: StoreError.self) { try store.recordObstacles(id, date: day, answers: [:]) }
        #expect(throws: StoreError.self) {
            try store.recordObstacles(id, date: day, answers: [.risk: .no], notes: [.support: "x"])
        }
        #expect(throws: StoreError.self) {
            try store.recordObstacles(id, date: try SessionDate("2026-09-03"), answers: [.risk: .no])
        }
        #expect(try store.obstacleChecks(id).isEmpty)
        // A newer file is refused, not misread.
        try Data(#"{"checks":[],"schemaVersion":9}"#.utf8).write(to: URL(fileURLWithPath: store.layout.obstacles(id)))
        #expect(throws: StoreError.self) { try store.obstacleChecks(id) }
    }

    @Test func baselineChoicesAreKeptAndAudited() throws {
        try record("2026-09-01")
        try record("2026-09-08")
        try record("2026-09-15")
        try store.chooseBaseline(id, episode: 1, action: .invalid, date: try SessionDate("2026-09-01"))
        try store.chooseBaseline(id, episode: 1, action: .reset, date: nil)
        try store.chooseBaseline(id, episode: 1, action: .use, date: try SessionDate("2026-09-08"))
        let choices = try store.baselineChoices(id)
        #expect(choices.map(\.action) == [.invalid, .reset, .use])
        #expect(BaselineSelection.of(episode: 1, in: choices).use?.rawValue == "2026-09-08")
        let audit = try store.audit.entries().filter { $0.event == .baselineChanged }
        #expect(audit.map(\.session) == [1, nil, 2] && audit.allSatisfy { $0.count == 1 })
        // Refusals: no such episode, a date outside the episode, a reset with a date, a use without one.
        #expect(throws: StoreError.self) {
            try store.chooseBaseline(id, episode: 2, action: .use, date: try SessionDate("2026-09-08"))
        }
        #expect(throws: StoreError.self) {
            try store.chooseBaseline(id, episode: 1, action: .use, date: try SessionDate("2026-09-09"))
        }
        #expect(throws: StoreError.self) {
            try store.chooseBaseline(id, episode: 1, action: .reset, date: try SessionDate("2026-09-08"))
        }
        #expect(throws: StoreError.self) { try store.chooseBaseline(id, episode: 1, action: .use, date: nil) }
        #expect(try store.baselineChoices(id).count == 3)
    }

    @Test func baselineDatesMustLieInTheEpisode() throws {
        try record("2026-09-01")
        try record("2026-09-08")
        try store.discharge(id, date: try SessionDate("2026-09-01"), reason: .completed)
        // 2026-09-08 belongs to episode 2.
        #expect(throws: StoreError.self) {
            try store.chooseBaseline(id, episode: 1, action: .use, date: try SessionDate("2026-09-08"))
        }
        try store.chooseBaseline(id, episode: 2, action: .use, date: try SessionDate("2026-09-08"))
    }
}
