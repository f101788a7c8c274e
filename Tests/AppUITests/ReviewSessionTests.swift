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

    /// `a` on the session detail acknowledges a risk item left unanswered: recorded, audited, and
    /// the caseload's risk alert is gone; the key is shown only while there is something to acknowledge.
    @Test func acknowledgeRiskWithTheAKey() throws {
        let demo = try DemoCaseload.make(clients: 2, sessions: 4)
        defer { demo.remove() }
        let client = try ClientID("D0002")
        try demo.store.save(
            NewAdministration(
                clientId: client, sessionDate: try SessionDate("2026-11-20"), rater: .client,
                instrument: try demo.catalog.instrument("phq-9"), answers: [1, 1, 1, 1, 1, 1, 1, 1, nil],
                administeredAt: Fixtures.referenceDate, source: .cli))
        let effects = ReviewEffects(
            store: demo.store, catalog: demo.catalog, passphrase: try Passphrase.hash("correct horse", rounds: 1_000))
        var script = keys("correct horse") + [.enter]  // unlock: D0002 is first (open risk)
        script += [.enter, .enter, .char("a"), .escape, .escape, .char("q")]  // dashboard, session, acknowledge
        let terminal = HeadlessTerminal(size: Size(width: 100, height: 30), keys: script)
        let loop = ReviewLoop(
            terminal: terminal, state: ReviewState(now: Fixtures.referenceDate), now: { Fixtures.referenceDate },
            perform: { effects.perform($0) })
        #expect(loop.run() == .quit)
        let texts = terminal.frames.map { $0.textSnapshot() }
        #expect(texts.contains { $0.contains("D0002") && $0.contains("risk unanswered s5") })
        #expect(texts.contains { $0.contains("a acknowledge risk") && $0.contains("not yet acknowledged") })
        #expect(
            texts.contains { $0.contains("Risk acknowledged for session 5.") && !$0.contains("a acknowledge risk") })
        #expect(try demo.store.acknowledgements(client).map(\.item) == [9])
        #expect(loop.state.caseload.entries.first { $0.client == client }?.alerts.isEmpty == true)
        #expect(try demo.store.audit.entries().last?.event == .riskAcknowledged)
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
