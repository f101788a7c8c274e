import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

/// `a` on the dashboard or the session detail acknowledges the session's risk flags: the alert
/// leaves the caseload, the session detail shows the acknowledgement, the audit log has a line.
@Suite struct RiskAcknowledgementReviewTests {
    func setUp() throws -> (TemporaryDirectory, DataStore, ReviewEffects) {
        let dir = try TemporaryDirectory()
        let store = DataStore(root: dir.appending("data"), clock: FixedClock(Fixtures.referenceDate))
        try store.initialize()
        let id = try ClientID("C1")
        try store.addClient(id)
        let phq = try Fixtures.instrument("phq-9")
        for (date, answers) in [
            ("2026-11-10", [2, 2, 2, 2, 2, 2, 2, 2, 1]), ("2026-11-17", [1, 1, 1, 1, 1, 1, 1, 1, nil]),
        ] {
            try store.save(
                NewAdministration(
                    clientId: id, sessionDate: try SessionDate(date), rater: .client, instrument: phq, answers: answers,
                    administeredAt: Fixtures.referenceDate, source: .cli))
        }
        let hash = try Passphrase.hash("pw", rounds: 1_000)
        return (dir, store, ReviewEffects(store: store, catalog: try Fixtures.catalog(), passphrase: hash))
    }

    @Test func acknowledgingFromTheDashboardAndTheSessionDetail() throws {
        let (dir, store, effects) = try setUp()
        defer { dir.remove() }
        var d = ReviewDriver(ReviewState(now: Fixtures.referenceDate), performer: effects)
        d.type("pw")
        d.send(.confirmRequested)
        #expect(d.state.caseload.entries.first?.alerts.map(\.kind) == [.risk, .riskNotAnswered])
        d.send(.confirmRequested)  // open C1
        #expect(d.state.screen == .dashboard)
        d.send(.highlightMoved(-10))  // session 1
        #expect(d.state.dashboard?.session?.session == 1)
        d.send(.acknowledgeRequested)
        #expect(
            d.effects.contains(
                .acknowledgeRisk(try ClientID("C1"), session: 1, caseloadSDs: d.state.caseload.caseloadSDs)))
        #expect(d.state.notice == "Risk acknowledged for session 1.")
        #expect(d.effects.last == .loadCaseload)
        #expect(d.state.caseload.entries.first?.alerts.map(\.kind) == [.riskNotAnswered])

        // Session 2 from its detail screen: the skipped item 9 is listed, then acknowledged.
        d.send(.highlightMoved(1), .confirmRequested)
        #expect(d.state.screen == .session)
        let detail = try #require(d.state.detail?.detail)
        #expect(detail.riskOpen)
        #expect(detail.risk == ["PHQ-9 item 9 not answered — ask in person; not yet acknowledged"])
        #expect(detail.rows.first?.riskFlagged == true)
        d.send(.acknowledgeRequested)
        #expect(d.state.screen == .session)
        #expect(d.state.detail?.detail.riskOpen == false)
        #expect(
            d.state.detail?.detail.risk == [
                "PHQ-9 item 9 not answered — ask in person; acknowledged 2026-11-24T09:00:00Z"
            ])
        #expect(d.state.caseload.entries.first?.alerts.isEmpty == true)
        // Nothing left to acknowledge: the notice says so.
        d.send(.acknowledgeRequested)
        #expect(d.state.notice == "client C1 has no unacknowledged risk item in session 2 (2026-11-17)")
        let audit = try String(contentsOfFile: store.layout.root + "/audit.log", encoding: .utf8)
        #expect(audit.components(separatedBy: "\"event\":\"riskAcknowledged\"").count == 3)
    }
}
