import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import Analytics

@Suite("Alert responses and baseline choice")
struct FeedbackAlertTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func answer(_ id: String, _ r: AlertResponseKind, at session: Int, reason: String? = nil) throws -> AlertResponse {
        AlertResponse(alert: id, response: r, reason: reason, evidenceDate: try weekDate(session), recordedAt: now)
    }

    @Test func deteriorationAlertIsQuietAfterAnAnswerUntilANewSession() throws {
        let values: [Double?] = [8, 10, 15]
        let s = try datedSummary("A", ["phq-9/client/total": values])
        let a = ClientAnalysis.build(summary: s, catalog: try Fixtures.catalog())
        var alerts = FeedbackAlerts.alerts(analysis: a, summary: s, responses: [])
        let det = try #require(alerts.first { $0.kind == .deterioration })
        #expect(det.id == "deterioration:phq-9:e1")
        #expect(det.evidenceSession == 3 && !det.answered && det.nagging)
        // A deteriorated measure is not alerted twice (as not on track too).
        #expect(!alerts.contains { $0.kind == .notOnTrack })

        alerts = FeedbackAlerts.alerts(analysis: a, summary: s, responses: [try answer(det.id, .discussed, at: 3)])
        let answered = try #require(alerts.first { $0.id == det.id })
        #expect(answered.answered && !answered.nagging && answered.latestResponse?.response == .discussed)

        // A new session that still shows the deterioration: it nags again, the old answer kept.
        let later = try datedSummary("A", ["phq-9/client/total": values + [16]])
        let a2 = ClientAnalysis.build(summary: later, catalog: try Fixtures.catalog())
        let again = try #require(
            FeedbackAlerts.alerts(analysis: a2, summary: later, responses: [try answer(det.id, .discussed, at: 3)])
                .first { $0.id == det.id })
        #expect(again.nagging && !again.answered && again.responses.count == 1)
    }

    @Test func riskStaysUntilAcknowledgedWhateverTheAnswer() throws {
        var s = try datedSummary("R", ["phq-9/client/total": [12, 14]])
        s.risk = [
            RiskFlag(session: 2, instrument: "phq-9", item: 9, recordId: "r2", unanswered: false, acknowledged: false)
        ]
        let a = ClientAnalysis.build(summary: s, catalog: try Fixtures.catalog())
        let id = "risk:phq-9:9:\(try weekDate(2))"
        let alerts = FeedbackAlerts.alerts(analysis: a, summary: s, responses: [try answer(id, .seen, at: 2)])
        let risk = try #require(alerts.first { $0.kind == .risk })
        #expect(risk.id == id && risk.answered && risk.nagging)
        #expect(alerts.first?.kind == .risk)
    }

    @Test func caseloadSummaryCountsFlagsAndAnswers() throws {
        let flagged = try datedSummary("A", ["phq-9/client/total": [8, 10, 15]])
        let calm = try datedSummary("B", ["phq-9/client/total": [15, 12, 9]])
        let report = CaseloadReport.build(summaries: [flagged, calm], catalog: try Fixtures.catalog())
            .withFeedback(
                summaries: [flagged, calm],
                responses: ["A": [try answer("deterioration:phq-9:e1", .disagree, at: 3, reason: "entry error")]],
                obstacles: [:], library: try shippedPrompts())
        let f = try #require(report.feedback)
        #expect(f.clients == 2 && f.flaggedClients == 1 && f.flaggedShare == 0.5)
        #expect(f.alerts == 1 && f.answered == 1 && f.nagging == 0)
        #expect(f.responses["disagree"] == 1 && f.responses["seen"] == 0)
        #expect(f.alertsByKind["deterioration"] == 1)
        // Prompts per client: the deterioration one for A, none for B.
        #expect(report.clients[0].feedback?.triggers.contains(.reliableDeterioration) == true)
        #expect(report.clients[1].feedback?.prompts.isEmpty == true)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"flaggedShare\":0.5"))
    }

    // MARK: Baseline

    @Test func chosenBaselineRecomputesClassAndTrack() throws {
        // Session 1 was a mandated-intake high score; from session 2 on the client gets worse.
        let s = try datedSummary("M", ["phq-9/client/total": [24, 10, 12, 17]])
        let catalog = try Fixtures.catalog()
        let original = ClientAnalysis.build(summary: s, catalog: catalog)
        let m0 = try #require(original.episodes.first?.measures.first { $0.instrument == "phq-9" })
        #expect(m0.baseline == 24 && m0.classification == .reliableImprovement)
        #expect(m0.originalBaseline == nil && m0.excludedSessions.isEmpty)

        let use = [BaselineChoice(episode: 1, action: .use, date: try weekDate(2), recordedAt: now)]
        let chosen = ClientAnalysis.build(summary: s, catalog: catalog, baselines: use)
        let m1 = try #require(chosen.episodes.first?.measures.first { $0.instrument == "phq-9" })
        #expect(m1.baseline == 10 && m1.baselineSession == 2 && m1.last == 17)
        #expect(m1.classification == .reliableDeterioration)
        #expect(m1.track.status == .notOnTrack && m1.track.session == 3)
        #expect(m1.originalBaseline == 24 && m1.originalBaselineSession == 1 && m1.excludedSessions == [1])

        // Marking session 1 invalid instead gives the same baseline; a reset restores the original.
        let invalid = [BaselineChoice(episode: 1, action: .invalid, date: try weekDate(1), recordedAt: now)]
        let m2 = try #require(
            ClientAnalysis.build(summary: s, catalog: catalog, baselines: invalid).episodes.first?.measures.first)
        #expect(m2.baseline == 10 && m2.excludedSessions == [1])
        let reset = invalid + [BaselineChoice(episode: 1, action: .reset, date: nil, recordedAt: now)]
        let m3 = try #require(
            ClientAnalysis.build(summary: s, catalog: catalog, baselines: reset).episodes.first?.measures.first)
        #expect(m3.baseline == 24 && m3.originalBaseline == nil)
        // A choice for another episode changes nothing here.
        let other = [BaselineChoice(episode: 2, action: .use, date: try weekDate(2), recordedAt: now)]
        #expect(ClientAnalysis.build(summary: s, catalog: catalog, baselines: other).episodes == original.episodes)
    }

    @Test func baselineSelectionReplaysInOrder() throws {
        let d1 = try weekDate(1)
        let d2 = try weekDate(2)
        let c = { (a: BaselineAction, d: SessionDate?) in
            BaselineChoice(episode: 1, action: a, date: d, recordedAt: self.now)
        }
        #expect(BaselineSelection.of(episode: 1, in: []).isOriginal)
        let s = BaselineSelection.of(episode: 1, in: [c(.invalid, d1), c(.use, d2)])
        #expect(s.use == d2 && s.invalid == [d1])
        // Using an invalid date makes it valid again; marking the chosen date invalid drops the choice.
        #expect(BaselineSelection.of(episode: 1, in: [c(.invalid, d1), c(.use, d1)]) == BaselineSelection(use: d1))
        #expect(
            BaselineSelection.of(episode: 1, in: [c(.use, d2), c(.invalid, d2)]) == BaselineSelection(invalid: [d2]))
    }
}
