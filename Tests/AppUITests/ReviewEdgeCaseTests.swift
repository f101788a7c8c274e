import AppCore
import Foundation
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// Edge cases every review screen must survive: a client without sessions, an empty caseload,
/// and the smallest terminal.
@Suite("review edge cases")
struct ReviewEdgeCaseTests {
    @Test func clientWithoutSessionsAndSmallTerminals() throws {
        let catalog = try Fixtures.catalog()
        let summary = ClientSummary(
            clientId: try ClientID("NEW1"), recordCount: 0, sessions: [], series: [:], risk: [], notes: [])
        let data = ClientDashboard.build(summary: summary, catalog: catalog)
        #expect(data.entry.alerts.isEmpty)
        #expect(data.entry.trend == .unknown)
        var state = ReviewState(now: Fixtures.referenceDate)
        state.caseload = CaseloadState(entries: [data.entry])
        state.dashboard = DashboardState(data: data)
        state.screen = .dashboard
        let sentences = ReviewChartKind.allCases.map { data.charts.chart($0, colorMode: .none).sentence }
        #expect(
            sentences == [
                "No WAI-SR scores yet.", "No session rated by both client and therapist yet.", "No outcome scores yet.",
                "No Identification scores yet.", "No attachment questionnaire yet.",
            ])
        // n without a session: a notice, no note field; Enter opens nothing.
        var effects = ReviewReducer.reduce(&state, .noteRequested, now: Fixtures.referenceDate)
        #expect(state.notice == "This client has no sessions to add a note to.")
        effects += ReviewReducer.reduce(&state, .confirmRequested, now: Fixtures.referenceDate)
        #expect(effects.isEmpty)
        for size in [Size(width: 40, height: 12), Size(width: 80, height: 24), Size(width: 200, height: 60)] {
            for kind in ReviewChartKind.allCases {
                state.dashboard?.chart = kind
                let screen = ReviewAppView.render(state, size: size)
                #expect(screen.textSnapshot().contains("NEW1 — 0 sessions"))
            }
        }
        state.screen = .caseload
        state.caseload = CaseloadState()
        #expect(
            ReviewAppView.render(state, size: Size(width: 80, height: 24)).textSnapshot().contains("No clients yet."))
    }

    @Test func everyScreenAtTheSmallestSize() throws {
        let demo = try DemoCaseload.make(clients: 3, sessions: 8)
        defer { demo.remove() }
        let effects = ReviewEffects(store: demo.store, catalog: demo.catalog, passphrase: nil)
        var state = ReviewState(now: Fixtures.referenceDate)
        state.caseload = try effects.loadCaseload()
        state.screen = .caseload
        let size = Size(width: 40, height: 12)
        #expect(ReviewAppView.render(state, size: size).textSnapshot().contains("D0"))
        let client = try #require(state.caseload.selectedEntry?.client)
        state.dashboard = DashboardState(data: try effects.openClient(client, caseloadSDs: state.caseload.caseloadSDs))
        state.screen = .dashboard
        for kind in ReviewChartKind.allCases {
            state.dashboard?.chart = kind
            #expect(ReviewAppView.render(state, size: size).textSnapshot().contains("\(client) —"))
        }
        guard case .sessionOpened(let detail) = effects.perform(.openSession(client, session: 8)).first else {
            Issue.record("session 8 opens")
            return
        }
        state.detail = SessionDetailState(detail: detail)
        state.screen = .session
        #expect(ReviewAppView.render(state, size: size).textSnapshot().contains("session 8"))
    }
}
