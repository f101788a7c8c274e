import Analytics
import AppCore
import Foundation
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// Feedback in the review screens (issue 14): the expected band on the outcome charts, the
/// not-on-track alert, ending an episode from the dashboard, and the locked client view.
@Suite("feedback in review", .serialized)
struct FeedbackReviewTests {
    static let passphrase = "correct horse"

    func keys(_ text: String) -> [Key] { text.map { Key.char($0) } }

    func drive(_ effects: ReviewEffects, _ actions: [ReviewAction], from start: ReviewState? = nil) -> ReviewState {
        var state = start ?? ReviewState(now: Fixtures.referenceDate)
        var queue = actions
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in ReviewReducer.reduce(&state, next, now: Fixtures.referenceDate) {
                queue.insert(contentsOf: effects.perform(effect), at: 0)
            }
        }
        return state
    }

    func setUp() throws -> (DemoCaseload, ReviewEffects, ReviewState) {
        let demo = try DemoCaseload.make()
        let effects = ReviewEffects(
            store: demo.store, catalog: demo.catalog, passphrase: try Passphrase.hash(Self.passphrase, rounds: 1_000))
        let unlocked = drive(effects, Self.passphrase.map { .characterTyped($0) } + [.confirmRequested])
        return (demo, effects, unlocked)
    }

    /// The caseload row index of the first client with a not-on-track alert.
    func notOnTrackRow(_ state: ReviewState) -> Int? {
        state.caseload.visibleEntries.firstIndex { $0.alerts.contains { $0.kind == .notOnTrack } }
    }

    @Test("the demo caseload (`rapport demo`'s defaults) has clients not on track, with the measure in the alert")
    func notOnTrackAlert() throws {
        // `rapport demo`: 40 clients, 12 sessions, seed 1.
        let demo = try DemoCaseload.make(clients: 40, sessions: 12, seed: 1)
        defer { demo.remove() }
        let effects = ReviewEffects(store: demo.store, catalog: demo.catalog, passphrase: nil)
        let caseload = try effects.loadCaseload()
        let flagged = caseload.entries.filter { $0.alerts.contains { $0.kind == .notOnTrack } }
        #expect(flagged.count >= 4)
        #expect(flagged.count <= 20, "not everyone: \(flagged.count) of 40")
        for entry in flagged {
            let alert = try #require(entry.alerts.first { $0.kind == .notOnTrack })
            #expect(alert.measure?.contains("PHQ-9") == true || alert.measure?.contains("GAD-7") == true)
            #expect(alert.bareText.hasPrefix("not on track "))
            #expect(alert.wording.contains("not on track yet — worth reviewing together"))
            // Ranked after risk, open ruptures and reliable deterioration, before alliance alerts.
            let kinds = entry.alerts.map(\.kind)
            #expect(kinds == kinds.sorted())
            // "stuck" is not repeated for a measure that is not on track.
            #expect(!(kinds.contains(.outcomeNotImproving) && alert.measure == "PHQ-9"))
        }
        #expect(ReviewAlert.Kind.notOnTrack > .reliableDeterioration)
        #expect(ReviewAlert.Kind.notOnTrack < .lowAlliance)
    }

    @Test("the alert fits the 80×24 caseload: the alerts column names it")
    func alertFitsAt80x24() throws {
        let (demo, _, unlocked) = try setUp()
        defer { demo.remove() }
        let row = try #require(notOnTrackRow(unlocked))
        var state = unlocked
        state.caseload.selected = row
        let screen = ReviewAppView.render(state, size: Size(width: 80, height: 24))
        let text = screen.textSnapshot()
        #expect(text.contains("not on track"))
        let one = ReviewAlert(kind: .notOnTrack, session: 14, wording: "w", measure: "PHQ-9")
        let two = ReviewAlert(kind: .notOnTrack, session: 14, wording: "w", measure: "PHQ-9+GAD-7")
        #expect(CaseloadView.fitAlerts([one], width: 24) == "not on track PHQ-9 s14")
        #expect(CaseloadView.fitAlerts([one], width: 20) == "not on track PHQ s14", "short measure name")
        #expect(CaseloadView.fitAlerts([two], width: 24) == "not on track PHQ+GAD s14")
        #expect(CaseloadView.fitAlerts([two], width: 18) == "not on track s14", "the measure goes before the alert")
    }

    @Test("the outcome chart draws the expected band and its sentence says where the client is")
    func bandOnTheOutcomeChart() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        let row = try #require(notOnTrackRow(unlocked))
        let state = drive(effects, [.highlightMoved(row), .confirmRequested], from: unlocked)
        let d = try #require(state.dashboard)
        let chart = d.data.charts.chart(.outcome, colorMode: .none)
        guard case .line(let line) = chart.plot else {
            Issue.record("not a line chart")
            return
        }
        let e = try #require(line.expectation)
        #expect(e.bandLabel == "band: tier 1, rational rules (no clinic data)")
        #expect(line.band == nil, "the expected band replaces the reliable-change band")
        #expect(chart.sentence.contains("above the expected band at session"))
        #expect(chart.sentence.contains("not on track yet — worth reviewing together"))
        let text = ReviewAppView.render(
            DashboardState.with(chart: .outcome, state), size: Size(width: 120, height: 40)
        ).textSnapshot()
        #expect(text.contains("┈ expected"))
        #expect(text.contains("░ band: tier 1"))
    }

    @Test("grey until two scores: one outcome score draws no band")
    func noBandWithOneScore() throws {
        let demo = try DemoCaseload.make(clients: 1, sessions: 1)
        defer { demo.remove() }
        let effects = ReviewEffects(store: demo.store, catalog: demo.catalog, passphrase: nil)
        let data = try effects.openClient(try ClientID("D0001"), caseloadSDs: [:])
        let chart = data.charts.chart(.outcome, colorMode: .none)
        guard case .line(let line) = chart.plot else { return }
        #expect(line.expectation == nil)
        #expect(!chart.sentence.contains("expected band"))
    }

    @Test("tier 2 from the clinic's closed episodes shows in the legend with its size")
    func empiricalTierFromDischarges() throws {
        let demo = try DemoCaseload.make(clients: 40, sessions: 8, seed: 3)
        defer { demo.remove() }
        for i in 1..<40 { try demo.store.discharge(try ClientID(DemoGenerator.clientID(i)), reason: .completed) }
        let effects = ReviewEffects(
            store: demo.store, catalog: demo.catalog, passphrase: nil,
            options: {
                var o = AnalysisOptions.standard; o.track.empiricalMinimum = 5; return o
            }())
        _ = try effects.loadCaseload()
        let data = try effects.openClient(try ClientID("D0001"), caseloadSDs: [:])
        let course = try #require(data.charts.expectedCourse(try demo.catalog.instrument("phq-9")))
        #expect(course.measure.track.tier == .empirical)
        #expect(
            course.chart.bandLabel
                == "band: tier 2, clinic percentiles (n = \(course.measure.track.referenceSize) scores)")
        #expect(course.measure.track.referenceSize >= 5)
    }

    // MARK: Snapshots

    @Test("snapshots at 80×24 and 120×40: dashboard with band, caseload with not on track, client view")
    func snapshots() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        let row = try #require(notOnTrackRow(unlocked))
        var caseload = unlocked
        caseload.caseload.selected = row
        let dashboard = DashboardState.with(
            chart: .outcome, drive(effects, [.highlightMoved(row), .confirmRequested], from: unlocked))
        let clientView = drive(effects, [.clientViewRequested], from: dashboard)
        let unlocking = drive(effects, [.backRequested, .characterTyped("x")], from: clientView)
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            let tag = "\(size.width)x\(size.height)"
            try Snapshot.assert(ReviewAppView.render(caseload, size: size), named: "review-feedback-caseload-\(tag)")
            try Snapshot.assert(ReviewAppView.render(dashboard, size: size), named: "review-feedback-dashboard-\(tag)")
            try Snapshot.assert(
                ReviewAppView.render(clientView, size: size), named: "review-feedback-client-view-\(tag)")
            try Snapshot.assert(
                ReviewAppView.render(unlocking, size: size), named: "review-feedback-client-view-unlock-\(tag)")
        }
        try Snapshot.assert(
            ReviewAppView.render(dashboard, size: Size(width: 80, height: 24), colorMode: .extended),
            named: "review-feedback-dashboard-colour-80x24")
    }

    // MARK: Discharge

    @Test("e, a reason, Enter, Enter: the episode ends on the last session's date, saved and audited")
    func dischargeFromTheDashboard() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        var state = drive(effects, [.confirmRequested], from: unlocked)
        let client = try #require(state.dashboard?.data.client)
        let lastDate = try #require(state.dashboard?.data.summary.sessions.last?.date)
        state = drive(effects, [.dischargeRequested, .highlightMoved(1)], from: state)
        #expect(state.dashboard?.discharge?.reason == .dropout)
        #expect(state.dashboard?.discharge?.date == lastDate)
        // Esc from the confirmation goes back to the reason; nothing is written before the second Enter.
        state = drive(effects, [.confirmRequested, .backRequested], from: state)
        #expect(state.dashboard?.discharge?.confirming == false)
        #expect(try demo.store.discharges(client).isEmpty)
        let text = ReviewAppView.render(
            drive(effects, [.confirmRequested], from: state), size: Size(width: 80, height: 24)
        ).textSnapshot()
        #expect(text.contains("End episode 1 on \(lastDate), reason: stopped attending?"))
        state = drive(effects, [.confirmRequested, .confirmRequested], from: state)
        let saved = try demo.store.discharges(client)
        #expect(saved.map(\.reason) == [.dropout])
        #expect(saved.map(\.date) == [lastDate])
        let audit = try demo.store.audit.entries().map { "\($0.event)" }.joined(separator: " ")
        #expect(audit.contains("episodeClosed"))
        #expect(state.dashboard?.discharge == nil)
        #expect(state.notice?.contains("Episode ended on \(lastDate) (stopped attending); saved") == true)
        let after = ReviewAppView.render(state, size: Size(width: 80, height: 24)).textSnapshot()
        #expect(after.contains("Episode 1 ended \(lastDate) (stopped attending): PHQ-9 "))
        // A second e: the episode is closed, nothing to end.
        state = drive(effects, [.dischargeRequested], from: state)
        #expect(state.dashboard?.discharge == nil)
        #expect(state.notice?.contains("already ended") == true)
    }

    @Test("Esc cancels ending the episode; nothing is written")
    func dischargeCancelled() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        var state = drive(effects, [.confirmRequested, .dischargeRequested], from: unlocked)
        #expect(state.dashboard?.discharge != nil)
        state = drive(effects, [.backRequested], from: state)
        #expect(state.dashboard?.discharge == nil)
        #expect(state.screen == .dashboard)
        let client = try #require(state.dashboard?.data.client)
        #expect(try demo.store.discharges(client).isEmpty)
    }

    // MARK: Client view

    /// Strings that belong to the therapist: none may appear on the client view.
    static let therapistOnly = [
        "Alerts", "alert", "rupture", "not on track", "worth reviewing", "tier", "WAI T", "therapist)",
        "— therapist", "Client vs therapist", "Identification", "Attachment", "Caseload", "kiosk", "note", "◇",
        "Sessions", "stuck", "falling", "gap", "Private remark", "end episode",
    ]

    @Test("the client view shows the client's own charts and nothing therapist-only; only the passphrase leaves")
    func clientViewIsLockedAndClean() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        let row = try #require(notOnTrackRow(unlocked))
        let client = unlocked.caseload.visibleEntries[row].client
        let session = try #require(try demo.store.summary(client).sessions.last?.session)
        try demo.store.addNote(client, session: session, text: "Private remark about the client")
        let others = unlocked.caseload.entries.map(\.client.rawValue).filter { $0 != client.rawValue }

        var script = keys(Self.passphrase) + [.enter]
        script += [.char("/")] + keys(client.rawValue.lowercased()) + [.enter, .enter]  // open the client
        script += [.char("v")]  // client view
        // Keys that must not leave: quit, Ctrl-C, back-space, Tab, every dashboard key, Enter.
        script += [.char("q"), .ctrl("c"), .backspace, .tab, .char("n"), .char("a"), .char("c"), .char("e")]
        script += [.enter, .up, .down, .char("v")]
        let terminal = HeadlessTerminal(size: Size(width: 80, height: 24), keys: script)
        let loop = ReviewLoop(
            terminal: terminal, state: ReviewState(now: Fixtures.referenceDate), now: { Fixtures.referenceDate },
            perform: { effects.perform($0) })
        _ = loop.run()
        let view = try #require(loop.state.dashboard?.clientView, "still in the client view")
        #expect(view.unlock == nil)
        #expect(loop.state.screen == .dashboard)
        let start = try #require(terminal.frames.lastIndex { !$0.textSnapshot().contains("Your progress") }) + 1
        let frames = terminal.frames[start...].map { $0.textSnapshot() }
        #expect(frames.count >= 1)
        for text in frames {
            #expect(text.contains("Your progress"))
            #expect(text.contains("Your PHQ-9 scores (lower is better)"))
            #expect(text.contains("How our work together felt to you"))
            for word in Self.therapistOnly { #expect(!text.contains(word), "\"\(word)\" on the client view") }
            for other in others { #expect(!text.contains(other), "another client's id on the client view") }
        }
        #expect(frames.last?.contains("expected range") == true)
        #expect(try demo.store.notes(client).count == 1, "no key reached the dashboard")
        #expect(try demo.store.discharges(client).isEmpty)
    }

    @Test("in the reducer, no action but Esc and the passphrase leaves the client view")
    func clientViewReducerIsLocked() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        let state = drive(effects, [.confirmRequested, .clientViewRequested], from: unlocked)
        let view = try #require(state.dashboard?.clientView)
        let actions: [ReviewAction] = [
            .quitRequested, .confirmRequested, .highlightMoved(1), .highlightMoved(-10), .chartCycled(1),
            .noteRequested, .codeRequested, .acknowledgeRequested, .dischargeRequested, .clientViewRequested,
            .filterRequested, .characterTyped("q"), .characterErased, .tick,
        ]
        for action in actions {
            let (after, effectsOut) = ReviewReducer.reduce(state, action, now: Fixtures.referenceDate)
            #expect(after.dashboard?.clientView == view, "\(action) changed the client view")
            #expect(after.screen == .dashboard)
            #expect(effectsOut.isEmpty, "\(action) asked for \(effectsOut)")
        }
        // Even a passphrase check arriving without the prompt does not open it.
        let (after, _) = ReviewReducer.reduce(state, .passphraseChecked(true), now: Fixtures.referenceDate)
        #expect(after.dashboard?.clientView != nil)
        // Typed in the prompt and Enter: only the passphrase check, which must come back true.
        var prompt = ReviewReducer.reduce(state, .backRequested, now: Fixtures.referenceDate).0
        prompt = ReviewReducer.reduce(prompt, .characterTyped("x"), now: Fixtures.referenceDate).0
        let (checking, asked) = ReviewReducer.reduce(prompt, .confirmRequested, now: Fixtures.referenceDate)
        #expect(asked == [.verifyPassphrase("x")])
        let (wrong, _) = ReviewReducer.reduce(checking, .passphraseChecked(false), now: Fixtures.referenceDate)
        #expect(wrong.dashboard?.clientView?.unlock?.notice == "Wrong passphrase.")
        let (open, cleared) = ReviewReducer.reduce(checking, .passphraseChecked(true), now: Fixtures.referenceDate)
        #expect(open.dashboard?.clientView == nil)
        #expect(cleared == [.clearScreen])
    }

    @Test("Esc asks for the passphrase; a wrong one stays, the right one wipes the view")
    func clientViewUnlock() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        var script = keys(Self.passphrase) + [.enter, .enter, .char("v")]
        script += [.escape] + keys("wrong") + [.enter]  // wrong passphrase: still locked
        script += [.escape]  // back to the charts
        script += [.escape, .ctrl("c")] + keys(Self.passphrase) + [.enter]  // Ctrl-C does nothing; unlock
        let terminal = HeadlessTerminal(size: Size(width: 80, height: 24), keys: script)
        let loop = ReviewLoop(
            terminal: terminal, state: ReviewState(now: Fixtures.referenceDate), now: { Fixtures.referenceDate },
            perform: { effects.perform($0) })
        let clearsBefore = terminal.clearCount
        _ = loop.run()
        #expect(loop.state.screen == .dashboard)
        #expect(loop.state.dashboard?.clientView == nil)
        #expect(loop.state.notice == "Client view closed.")
        let texts = terminal.frames.map { $0.textSnapshot() }
        #expect(texts.contains { $0.contains("Your progress") && $0.contains("Wrong passphrase.") })
        #expect(
            texts.contains { $0.contains("Therapist passphrase:") && !$0.contains("correct") && !$0.contains("wrong") })
        #expect(terminal.clearCount >= clearsBefore + 2, "cleared on entering and on leaving")
        let audit = try demo.store.audit.entries().map { "\($0.event)" }.joined(separator: " ")
        #expect(audit.contains("passphraseFailed"))
        _ = unlocked
    }

    @Test("the idle timeout drops the client view with everything else")
    func clientViewIdle() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        let state = drive(effects, [.confirmRequested, .clientViewRequested], from: unlocked)
        #expect(state.dashboard?.clientView != nil)
        let later = Fixtures.referenceDate.addingTimeInterval(Double(state.idleSeconds) + 1)
        let (locked, effectsOut) = ReviewReducer.reduce(state, .tick, now: later)
        #expect(locked.dashboard == nil)
        #expect(effectsOut == [.clearScreen])
        if case .locked = locked.screen {} else { Issue.record("not locked") }
    }
}

extension DashboardState {
    /// `state` with its dashboard showing `chart`.
    static func with(chart: ReviewChartKind, _ state: ReviewState) -> ReviewState {
        var s = state
        s.dashboard?.chart = chart
        return s
    }
}
