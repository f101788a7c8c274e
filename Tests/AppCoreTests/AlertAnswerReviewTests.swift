import Analytics
import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

/// `r` on the dashboard answers the first unanswered alert; the dashboard shows the prompts.
@Suite struct AlertAnswerReviewTests {
    static func setUp() throws -> (TemporaryDirectory, DataStore, ReviewEffects) {
        let dir = try TemporaryDirectory()
        let store = DataStore(root: dir.appending("data"), clock: FixedClock(Fixtures.referenceDate))
        try store.initialize()
        let id = try ClientID("C1")
        try store.addClient(id)
        let phq = try Fixtures.instrument("phq-9")
        // PHQ-9 9 → 12 → 16: reliably worse (≥ 6).
        for (date, answers) in [
            ("2026-10-27", [1, 1, 1, 1, 1, 1, 1, 2, 0]), ("2026-11-03", [2, 2, 1, 1, 1, 1, 2, 2, 0]),
            ("2026-11-10", [2, 2, 2, 2, 2, 2, 2, 2, 0]),
        ] {
            try store.save(
                NewAdministration(
                    clientId: id, sessionDate: try SessionDate(date), rater: .client, instrument: phq,
                    answers: answers, administeredAt: Fixtures.referenceDate, source: .cli))
        }
        try store.recordObstacles(id, date: try SessionDate("2026-11-10"), answers: [.lifeEvents: .yes])
        var effects = ReviewEffects(
            store: store, catalog: try Fixtures.catalog(), passphrase: try Passphrase.hash("pw", rounds: 1_000))
        effects.prompts = try PromptLoader.loadDirectory(
            Fixtures.repositoryRoot.appendingPathComponent("assets/prompts"))
        return (dir, store, effects)
    }

    @Test func answeringWithAReasonQuietsTheAlert() throws {
        let (dir, store, effects) = try Self.setUp()
        defer { dir.remove() }
        var d = ReviewDriver(ReviewState(now: Fixtures.referenceDate), performer: effects)
        d.type("pw")
        d.send(.confirmRequested)
        d.send(.confirmRequested)
        #expect(d.state.screen == .dashboard, "\(d.state.notice ?? "")")
        let feedback = try #require(d.state.dashboard?.data.analysis.feedback)
        #expect(feedback.alerts.map(\.id) == ["deterioration:phq-9:e1"])
        #expect(feedback.prompts.contains { $0.trigger == .reliableDeterioration })
        #expect(feedback.prompts.contains { $0.trigger == .obstacleSupport })

        // Esc cancels without saving.
        d.send(.answerRequested)
        #expect(d.state.dashboard?.answer?.alert.id == "deterioration:phq-9:e1")
        d.send(.backRequested)
        #expect(d.state.dashboard?.answer == nil && d.state.screen == .dashboard)

        // Disagree: a reason is required.
        d.send(.answerRequested, .characterTyped("x"), .confirmRequested)
        #expect(d.state.dashboard?.answer?.notice?.hasPrefix("Disagreeing needs a reason") == true)
        #expect(!d.effects.contains { if case .answerAlert = $0 { true } else { false } })
        d.type("entry error at intake")
        d.send(.confirmRequested)
        #expect(d.state.notice == "Alert answered: disagree.")
        #expect(d.state.dashboard?.answer == nil)
        let stored = try store.alertResponses(try ClientID("C1"))
        #expect(stored.map(\.response) == [.disagree] && stored.first?.reason == "entry error at intake")
        let alert = try #require(d.state.dashboard?.data.analysis.feedback?.alerts.first)
        #expect(alert.answered && !alert.nagging)
        // Nothing left to answer.
        d.send(.answerRequested)
        #expect(d.state.notice == "No alert waiting for an answer.")
        #expect(d.state.dashboard?.answer == nil)
    }

    @Test func responseKeys() throws {
        #expect(AlertAnswerEntry.response(for: "s") == .seen)
        #expect(AlertAnswerEntry.response(for: "d") == .discussed)
        #expect(AlertAnswerEntry.response(for: "p") == .planChanged)
        #expect(AlertAnswerEntry.response(for: "x") == .disagree)
        #expect(AlertAnswerEntry.response(for: "q") == nil)
        let (dir, store, effects) = try Self.setUp()
        defer { dir.remove() }
        var d = ReviewDriver(ReviewState(now: Fixtures.referenceDate), performer: effects)
        d.type("pw")
        d.send(.confirmRequested)
        d.send(.confirmRequested)
        d.send(.answerRequested, .characterTyped("z"))
        #expect(d.state.dashboard?.answer?.notice?.contains("s seen") == true)
        d.send(.characterTyped("p"))
        #expect(d.state.notice == "Alert answered: plan changed.")
        #expect(try store.alertResponses(try ClientID("C1")).map(\.response) == [.planChanged])
        let audit = try String(contentsOfFile: store.layout.root + "/audit.log", encoding: .utf8)
        #expect(audit.contains("\"event\":\"alertAnswered\""))
    }
}
