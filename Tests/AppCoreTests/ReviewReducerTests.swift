import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

/// Runs review actions through the reducer and performs the store effects, like the run loop.
struct ReviewDriver {
    var state: ReviewState
    var now: Date
    var effects: [ReviewEffect] = []
    let performer: ReviewEffects?

    init(_ state: ReviewState, now: Date = Fixtures.referenceDate, performer: ReviewEffects? = nil) {
        self.state = state
        self.now = now
        self.performer = performer
    }

    /// Sends actions; effects are recorded and, with a performer, carried out (results sent back).
    mutating func send(_ actions: ReviewAction...) {
        var queue = actions
        while !queue.isEmpty {
            let next = queue.removeFirst()
            let produced = ReviewReducer.reduce(&state, next, now: now)
            effects += produced
            if let performer { for e in produced { queue += performer.perform(e) } }
        }
    }

    mutating func type(_ text: String) {
        for c in text { send(.characterTyped(c)) }
    }
}

@Suite struct ReviewReducerTests {
    static let rounds = 1_000
    /// The reducer under test, for ``TestStore``.
    let review: (inout ReviewState, ReviewAction, Date) -> [ReviewEffect] = { ReviewReducer.reduce(&$0, $1, now: $2) }

    func demo() throws -> (DemoCaseload, ReviewEffects, PassphraseHash) {
        let demo = try DemoCaseload.make()
        let hash = try Passphrase.hash("correct horse", rounds: Self.rounds)
        let codes = KioskCodes(store: demo.store, rounds: 1_000)
        return (demo, ReviewEffects(store: demo.store, catalog: demo.catalog, passphrase: hash, codes: codes), hash)
    }

    /// A driver already past the passphrase, on the caseload.
    func unlocked(_ effects: ReviewEffects) -> ReviewDriver {
        var d = ReviewDriver(ReviewState(now: Fixtures.referenceDate), performer: effects)
        d.type("correct horse")
        d.send(.confirmRequested)
        return d
    }

    /// Types `text` on the locked screen, one character per step.
    func type(
        _ text: String, into store: inout TestStore<ReviewState, ReviewAction, ReviewEffect>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var typed = ""
        for c in text {
            typed.append(c)
            store.send(.characterTyped(c), sourceLocation: sourceLocation) {
                $0.screen = .locked(TextEntry(text: typed))
            }
        }
    }

    @Test func passphraseFirstThenCaseload() throws {
        let (demo, effects, _) = try demo()
        defer { demo.remove() }
        let now = Fixtures.referenceDate
        var store = TestStore(ReviewState(now: now), now: now, reduce: review)
        type("wrong one", into: &store)
        store.send(.confirmRequested, effects: [.checkPassphrase("wrong one")]) {
            $0.screen = .locked(TextEntry(notice: "Checking…"))
        }
        store.send(.passphraseChecked(false)) {
            $0.screen = .locked(TextEntry(notice: "Wrong passphrase."))
            $0.passphraseBackoff.failures = 1
        }

        // Second wrong try in a row: a wait.
        type("x", into: &store)
        store.send(.confirmRequested, effects: [.checkPassphrase("x")]) {
            $0.screen = .locked(TextEntry(notice: "Checking…"))
        }
        store.send(.passphraseChecked(false)) {
            $0.screen = .locked(TextEntry(notice: "Wrong passphrase. Wait 2 seconds before the next try."))
            $0.passphraseBackoff = Backoff(failures: 2, lockedUntil: now.addingTimeInterval(2))
        }
        type("y", into: &store)
        store.send(.confirmRequested) { $0.screen = .locked(TextEntry(notice: "Please wait 2 seconds and try again.")) }

        // The real passphrase, through the store effects: the caseload loads.
        guard case .caseloadLoaded(var caseload)? = effects.perform(.loadCaseload).first else {
            Issue.record("the caseload did not load")
            return
        }
        caseload.applyFilter()
        var ok = TestStore(ReviewState(now: now), now: now, reduce: review, perform: { effects.perform($0) })
        type("correct horse", into: &ok)
        ok.send(.confirmRequested, effects: [.checkPassphrase("correct horse")]) {
            $0.screen = .locked(TextEntry(notice: "Checking…"))
        }
        ok.receive(.passphraseChecked(true), effects: [.loadCaseload]) { $0.screen = .loading("Reading the caseload…") }
        ok.receive(.caseloadLoaded(caseload)) {
            $0.caseload = caseload
            $0.screen = .caseload
        }
        #expect(ok.state.caseload.entries.count == 12)
        #expect(ok.state.caseload.visible.count == 12)
        ok.send(.quitRequested, effects: [.clearScreen, .quit])
        ok.finish()
    }

    @Test func noPassphraseSetNeverUnlocks() throws {
        let demo = try DemoCaseload.make(clients: 1, sessions: 2)
        defer { demo.remove() }
        let effects = ReviewEffects(store: demo.store, catalog: demo.catalog, passphrase: nil)
        var d = ReviewDriver(ReviewState(now: Fixtures.referenceDate), performer: effects)
        d.type("anything")
        d.send(.confirmRequested)
        #expect(d.state.screen == .locked(TextEntry(notice: "Wrong passphrase.")))
    }

    /// One rule with `rapport export`: what the audit log records happens only if it can be logged.
    @Test func reviewStaysLockedWhenTheAuditLogCannotBeWritten() throws {
        let (demo, effects, _) = try demo()
        defer { demo.remove() }
        // Root ignores file modes, so make the log unwritable for anyone: a directory in its place.
        try? FileManager.default.removeItem(atPath: demo.store.audit.path)
        try FileManager.default.createDirectory(atPath: demo.store.audit.path, withIntermediateDirectories: false)
        let d = unlocked(effects)
        #expect(d.effects == [.checkPassphrase("correct horse")], "no caseload is read")
        guard case .locked(let entry) = d.state.screen else {
            Issue.record("still locked expected, got \(d.state.screen)")
            return
        }
        #expect(entry.notice?.hasPrefix("Cannot write the audit log, so review stays locked") == true)
        #expect(d.state.caseload.entries.isEmpty)
    }

    @Test func caseloadNavigationDashboardAndSessionDetail() throws {
        let (demo, effects, _) = try demo()
        defer { demo.remove() }
        var d = unlocked(effects)
        let entries = d.state.caseload.entries
        // Caseload order: most urgent alert first, rows without alerts last.
        let ranks = entries.map { $0.topAlert?.kind.rank ?? Int.max }
        #expect(ranks == ranks.sorted())
        #expect(entries.first?.topAlert?.kind == .possibleRupture)
        #expect(entries.last?.alerts.isEmpty == true)

        d.send(.highlightMoved(-1))
        #expect(d.state.caseload.selected == 0, "stops at the top")
        d.send(.highlightMoved(1), .highlightMoved(1))
        #expect(d.state.caseload.selected == 2)
        d.send(.highlightMoved(100))
        #expect(d.state.caseload.selected == 11, "stops at the bottom")
        d.send(.highlightMoved(-10))
        #expect(d.state.caseload.selected == 1)
        let chosen = entries[1].client

        var before = d.state
        d.send(.confirmRequested)
        #expect(d.effects.last == .openClient(chosen, caseloadSDs: before.caseload.caseloadSDs))
        #expect(d.state.screen == .dashboard)
        let dashboard = try #require(d.state.dashboard)
        #expect(dashboard.data.client == chosen)
        #expect(dashboard.chart == .alliance)
        #expect(dashboard.session == dashboard.data.summary.sessions.last, "newest session highlighted")

        // Tab cycles the charts (and wraps both ways).
        before = d.state
        d.send(.chartCycled(1))
        var expected = before
        expected.dashboard?.chart = .gap
        #expect(d.state == expected)
        d.send(.chartCycled(-1), .chartCycled(-1))
        #expect(d.state.dashboard?.chart == .attachment)
        d.send(.chartCycled(1))

        // ↑ picks the previous session; Enter opens it.
        d.send(.highlightMoved(-1))
        let session = try #require(d.state.dashboard?.session)
        d.send(.confirmRequested)
        #expect(d.effects.last == .openSession(chosen, session: session.session))
        #expect(d.state.screen == .session)
        let detail = try #require(d.state.detail)
        #expect(detail.detail.session == session.session)
        #expect(detail.detail.previousSession.map { $0 < session.session } ?? false)
        d.send(.highlightMoved(3))
        #expect(d.state.detail?.scroll == 3)

        // Esc: back to the dashboard, then to the caseload on the same row.
        d.send(.backRequested)
        #expect(d.state.screen == .dashboard)
        #expect(d.state.dashboard?.session == session)
        d.send(.backRequested)
        #expect(d.state.screen == .caseload)
        #expect(d.state.dashboard == nil)
        #expect(d.state.caseload.selectedEntry?.client == chosen)
        d.send(.backRequested)
        #expect(d.effects.suffix(2) == [.clearScreen, .quit], "Esc on the caseload leaves review")
    }

    @Test func filterNarrowsTheCaseload() throws {
        let (demo, effects, _) = try demo()
        defer { demo.remove() }
        var d = unlocked(effects)
        let all = d.state.caseload
        d.send(.highlightMoved(3), .filterRequested)
        #expect(d.state.caseload.editingFilter)
        d.type("rup")
        var expected = all
        expected.editingFilter = true
        expected.filter = "rup"
        expected.selected = 0
        expected.applyFilter()
        #expect(d.state.caseload == expected)
        let kept = d.state.caseload.visibleEntries
        #expect(!kept.isEmpty && kept.count < all.entries.count)
        #expect(kept.allSatisfy { $0.alerts.contains { $0.kind == .possibleRupture } })

        // Enter keeps the filter and returns the keys to the list.
        d.send(.confirmRequested)
        #expect(!d.state.caseload.editingFilter)
        #expect(d.state.caseload.filter == "rup")
        #expect(d.state.screen == .caseload, "Enter while typing a filter does not open a client")

        // A client id part.
        d.send(.filterRequested, .characterErased, .characterErased, .characterErased)
        d.type("d0003")
        #expect(d.state.caseload.visibleEntries.map(\.client.rawValue) == ["D0003"])
        d.type("x")
        #expect(d.state.caseload.visibleEntries.isEmpty)
        d.send(.confirmRequested, .confirmRequested)
        #expect(d.state.screen == .caseload, "Enter on an empty list opens nothing")

        // Esc clears the filter.
        d.send(.backRequested)
        #expect(d.state.caseload.filter == "")
        #expect(d.state.caseload.visible.count == all.entries.count)
    }

    @Test func filterMatchesEveryWordOfATwoWordBand() throws {
        let (demo, effects, _) = try demo()
        defer { demo.remove() }
        let d = unlocked(effects)
        var entries = d.state.caseload.entries
        for i in entries.indices { entries[i].outcomeBand = "mild" }
        entries[0].outcomeBand = "moderately severe"
        entries[1].outcomeBand = "severe"
        let ids = { (filter: String) in
            CaseloadState(entries: entries, filter: filter).visibleEntries.map(\.client)
        }
        #expect(ids("moderately severe") == [entries[0].client])
        #expect(ids("mod sev") == [entries[0].client])
        #expect(Set(ids("severe")) == [entries[0].client, entries[1].client])
    }

    @Test func noteIsStoredAndShownOnTheCharts() throws {
        let (demo, effects, _) = try demo()
        defer { demo.remove() }
        var d = unlocked(effects)
        d.send(.confirmRequested)
        let client = try #require(d.state.dashboard?.data.client)
        d.send(.highlightMoved(-2))
        let session = try #require(d.state.dashboard?.session?.session)

        d.send(.noteRequested)
        #expect(d.state.dashboard?.note == TextEntry())
        d.send(.confirmRequested)
        #expect(d.state.dashboard?.note?.notice == "Type the note, then Enter (Esc: cancel).")
        d.type("Talked about the missed week")
        d.send(.characterErased)
        d.type("k  ")
        d.send(.confirmRequested)
        #expect(
            d.effects.contains(
                .addNote(
                    client, session: session, text: "Talked about the missed week",
                    caseloadSDs: d.state.caseload.caseloadSDs)))
        #expect(d.state.dashboard?.note == nil)
        #expect(d.state.notice == "Note added to session \(session).")
        #expect(d.state.dashboard?.session?.session == session)

        // Stored, in the summary, and on the alliance chart's x axis.
        #expect(try demo.store.notes(client).map(\.text) == ["Talked about the missed week"])
        let data = try #require(d.state.dashboard?.data)
        #expect(data.notes(session: session).map(\.text) == ["Talked about the missed week"])
        guard case .trend(let chart) = data.charts.chartData(.alliance).plot else {
            Issue.record("the alliance chart is a trend")
            return
        }
        #expect(chart.noteSessions == [session])

        // Esc cancels a note without saving.
        d.send(.noteRequested)
        d.type("never mind")
        d.send(.backRequested)
        #expect(d.state.dashboard?.note == nil)
        #expect(d.state.screen == .dashboard)
        #expect(try demo.store.notes(client).count == 1)
    }

    @Test func kioskCodeForTheClient() throws {
        let (demo, effects, _) = try demo()
        defer { demo.remove() }
        var d = unlocked(effects)
        d.send(.highlightMoved(4), .confirmRequested)
        let client = try #require(d.state.dashboard?.data.client)
        d.send(.codeRequested)
        #expect(d.effects.contains(.issueCode(client)))
        let code = try #require(d.state.dashboard?.code)
        #expect(code.client == client)
        #expect(KioskCodes.isWellFormed(code.code))
        #expect(code.expiresAt == Fixtures.referenceDate.addingTimeInterval(3_600))
        #expect(try effects.codes.redeem(code.code) == .accepted(client))
    }

    @Test func idleLockDropsTheData() throws {
        let (demo, effects, _) = try demo()
        defer { demo.remove() }
        var d = unlocked(effects)
        d.send(.confirmRequested)
        d.now = Fixtures.referenceDate.addingTimeInterval(299)
        d.send(.tick)
        #expect(d.state.screen == .dashboard)
        d.now = Fixtures.referenceDate.addingTimeInterval(300)
        d.send(.tick)
        var expected = ReviewState(now: Fixtures.referenceDate)
        expected.screen = .locked(TextEntry(notice: "Locked after 5 minutes without a key."))
        #expect(d.state == expected)
        #expect(d.effects.last == .clearScreen)
    }

    @Test func idleLockSaysTheTrueTime() throws {
        // `review --idle 10` used to say "Locked after 1 min".
        var state = ReviewState(now: Fixtures.referenceDate, idleSeconds: 10)
        state.screen = .caseload
        let (after, _) = ReviewReducer.reduce(state, .tick, now: Fixtures.referenceDate.addingTimeInterval(10))
        #expect(after.screen == .locked(TextEntry(notice: "Locked after 10 seconds without a key.")))
    }

    @Test func failuresAreShownNotLost() throws {
        let (demo, effects, _) = try demo()
        defer { demo.remove() }
        var d = unlocked(effects)
        let missing = try ClientID("GONE")
        d.send(.confirmRequested)
        let actions = effects.perform(.openSession(missing, session: 1))
        #expect(actions == [.failed("no client GONE in this data directory")])
        d.send(actions[0])
        #expect(d.state.notice == "no client GONE in this data directory")
        #expect(d.state.screen == .dashboard)
    }
}
