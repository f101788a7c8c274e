import AppCore
import Foundation
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// Scripted review sessions through ``ReviewLoop`` on the headless terminal: final state, frames
/// and store contents.
@Suite("review sessions", .serialized)
struct ReviewSessionTests {
    func keys(_ text: String) -> [Key] { text.map { Key.char($0) } }

    @Test func unlockOpenNoteAndQuit() throws {
        let demo = try DemoCaseload.make(clients: 4, sessions: 6)
        defer { demo.remove() }
        let effects = ReviewEffects(
            store: demo.store, catalog: demo.catalog, passphrase: try Passphrase.hash("correct horse", rounds: 1_000),
            codes: KioskCodes(store: demo.store, rounds: 1_000))
        var script = keys("correct horse") + [.enter]  // unlock
        script += [.char("/")] + keys("d0002") + [.enter, .enter]  // filter, keep it, open D0002
        script += [.tab, .tab, .up, .char("n")] + keys("Moved house") + [.enter]  // outcome chart, note on session 5
        script += [.char("c"), .enter, .escape, .escape, .char("q")]  // code, session detail, back, back, quit
        let terminal = HeadlessTerminal(size: Size(width: 100, height: 30), keys: script)
        let loop = ReviewLoop(
            terminal: terminal, state: ReviewState(now: Fixtures.referenceDate), now: { Fixtures.referenceDate },
            perform: { effects.perform($0) })
        #expect(loop.run() == .quit)
        #expect(loop.state.screen == .caseload)
        #expect(loop.state.caseload.filter == "d0002")
        let client = try ClientID("D0002")
        #expect(try demo.store.notes(client).map { "\($0.session): \($0.text)" } == ["5: Moved house"])
        let texts = terminal.frames.map { $0.textSnapshot() }
        #expect(texts.contains { $0.contains("Therapist passphrase:") && !$0.contains("correct") }, "masked")
        #expect(texts.contains { $0.contains("Reading the caseload…") || $0.contains("Caseload — 4 clients") })
        #expect(texts.contains { $0.contains("PHQ-9 — client") && $0.contains("cut-off 10") })
        #expect(texts.contains { $0.contains("Note added to session 5.") })
        #expect(texts.contains { $0.contains("Kiosk code for D0002:") })
        #expect(texts.contains { $0.contains("D0002 — session 5") && $0.contains("◇ Moved house") })
        #expect(terminal.clearCount >= 2, "cleared when leaving the dashboard and on the way out")
    }

    @Test func resizeRedrawsAndInputEndIsAnExit() throws {
        let terminal = HeadlessTerminal(size: Size(width: 80, height: 24), keys: keys("abc"))
        terminal.resize(to: Size(width: 100, height: 30))
        let loop = ReviewLoop(
            terminal: terminal, state: ReviewState(now: Fixtures.referenceDate), now: { Fixtures.referenceDate },
            perform: { _ in [] })
        #expect(loop.run() == .inputEnded)
        #expect(terminal.frames.last?.size == Size(width: 100, height: 30))
        #expect(loop.state.screen == .locked(TextEntry(text: "abc")))
    }
}

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
