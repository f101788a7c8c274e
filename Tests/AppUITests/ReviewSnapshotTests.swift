import AppCore
import Foundation
import Instruments
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// Whole-screen text snapshots (with style runs) of every review screen at 100×30 and 80×24,
/// from a fixed-seed demo caseload.
@Suite("review snapshots", .serialized)
struct ReviewSnapshotTests {
    static let sizes = [Size(width: 100, height: 30), Size(width: 80, height: 24)]

    func check(_ state: ReviewState, _ name: String, colorMode: ColorMode = .none) throws {
        for size in Self.sizes {
            let screen = ReviewAppView.render(state, size: size, colorMode: colorMode)
            try Snapshot.assert(screen, named: "review-\(name)-\(size.width)x\(size.height)")
        }
    }

    /// Drives the reducer with the store effects, as the run loop does.
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
            store: demo.store, catalog: demo.catalog, passphrase: try Passphrase.hash("correct horse", rounds: 1_000))
        let unlocked = drive(effects, "correct horse".map { .characterTyped($0) } + [.confirmRequested])
        return (demo, effects, unlocked)
    }

    @Test func locked() throws {
        var state = ReviewState(now: Fixtures.referenceDate)
        state.screen = .locked(TextEntry(text: "secret", notice: "Wrong passphrase."))
        try check(state, "locked")
    }

    @Test func caseload() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        #expect(unlocked.screen == .caseload)
        try check(drive(effects, [.highlightMoved(2)], from: unlocked), "caseload")
        try check(
            drive(effects, [.filterRequested] + "rup".map { .characterTyped($0) }, from: unlocked), "caseload-filter")
        try check(unlocked, "caseload-colour", colorMode: .extended)
    }

    @Test func dashboardCharts() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        var state = drive(effects, [.confirmRequested], from: unlocked)
        #expect(state.screen == .dashboard)
        for kind in ReviewChartKind.allCases {
            try check(state, "dashboard-\(kind.rawValue)")
            state = drive(effects, [.chartCycled(1)], from: state)
        }
        try check(state, "dashboard-colour", colorMode: .extended)
    }

    /// LANG=C: the caseload and dashboard as the terminal shows them with the ASCII glyph set —
    /// nothing vanishes (trend arrows, "—", ▸, key hints, the braille chart as an ASCII plot).
    @Test func asciiGlyphSet() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        let dashboard = drive(effects, [.confirmRequested], from: unlocked)
        for (state, name) in [(unlocked, "caseload"), (dashboard, "dashboard-alliance")] {
            let size = Size(width: 80, height: 24)
            let unicode = ReviewAppView.render(state, size: size, colorMode: .none)
            let ascii = unicode.transliteratedToASCII()
            let text = (0..<ascii.height).map { ascii.line($0) }.joined(separator: "\n")
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(text)")
            // Cell for cell: every non-blank cell of the Unicode screen is non-blank in ASCII.
            for y in 0..<unicode.height {
                for x in 0..<unicode.width where !unicode[x, y].isSpace && !unicode[x, y].isContinuation {
                    #expect(!ascii[x, y].isSpace, "cell \(x),\(y) '\(unicode[x, y].text)' vanished")
                }
            }
            try Snapshot.assert(ascii, named: "review-\(name)-ascii-80x24")
        }
    }

    /// 60 × 20: whole alerts only ("rupture s11 +2", never "falling s1"), the selected tab always
    /// shown (the tab row scrolls), a long note in full in the session's answers, item numbers kept.
    @Test func narrowTerminal() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        let size = Size(width: 60, height: 20)
        let caseload = ReviewAppView.render(unlocked, size: size, colorMode: .none)
        try Snapshot.assert(caseload, named: "review-caseload-60x20")
        let text = (0..<caseload.height).map { caseload.line($0) }.joined(separator: "\n")
        #expect(text.contains("rupture s11 +2"))
        #expect(!text.contains("s1…") && !text.contains("ru…"))

        let note =
            "Talked about the holiday and the missed week; agreed to keep the Thursday slot and to look at the homework together next time."
        let dashboard = drive(effects, [.confirmRequested], from: unlocked)
        let withNote = drive(
            effects, [.noteRequested] + note.map { .characterTyped($0) } + [.confirmRequested], from: dashboard)
        let attachment = drive(effects, [.chartCycled(-1)], from: withNote)
        let tabs = ReviewAppView.render(attachment, size: size, colorMode: .none)
        try Snapshot.assert(tabs, named: "review-dashboard-attachment-60x20")
        let tabRow = (0..<tabs.height).map { tabs.line($0) }.first { $0.contains("Outcome") } ?? ""
        #expect(tabRow.contains("Attachment"), "the selected tab is shown: \(tabRow)")

        // 40 × 12: short chart panels label the top of the scale too, not only "1 ┤".
        let small = ReviewAppView.render(dashboard, size: Size(width: 40, height: 12), colorMode: .none)
        try Snapshot.assert(small, named: "review-dashboard-alliance-40x12")

        let session = drive(effects, [.confirmRequested], from: withNote)
        let answers = ReviewAppView.render(session, size: size, colorMode: .none)
        try Snapshot.assert(answers, named: "review-session-note-60x20")
        let shown = (0..<answers.height).map { answers.line($0).trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        #expect(shown.contains("look at the homework together next time."), "the note in full: \(shown)")
    }

    /// A large terminal shows several charts at once, the selected one first.
    @Test func dashboardOnLargeTerminals() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        let state = drive(effects, [.confirmRequested, .chartCycled(1)], from: unlocked)
        for size in [Size(width: 160, height: 50), Size(width: 200, height: 64)] {
            let screen = ReviewAppView.render(state, size: size, colorMode: .none)
            try Snapshot.assert(screen, named: "review-dashboard-large-\(size.width)x\(size.height)")
        }
    }

    @Test func dashboardChartGrid() {
        func grid(_ w: Int, _ h: Int) -> [Int] {
            let g = DashboardView.chartGrid(for: Rect(x: 0, y: 0, width: w, height: h))
            return [g.columns, g.rows]
        }
        #expect(grid(76, 22) == [1, 1])  // the 100 × 30 dashboard: one chart, Tab cycles
        #expect(grid(56, 18) == [1, 1])  // 80 × 24
        #expect(grid(140, 20) == [2, 1])  // wide, short: two side by side
        #expect(grid(66, 60) == [1, 3])  // narrow, tall: three stacked
        #expect(grid(138, 44) == [2, 2])  // 160 × 50
        #expect(grid(178, 56) == [2, 3])  // 200 × 64: all five charts
        #expect(grid(400, 400) == [2, 3])  // never more cells than needed for five charts
    }

    @Test func dashboardNote() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        let typing = drive(
            effects,
            [.confirmRequested, .highlightMoved(-3), .noteRequested]
                + "Talked about the holiday".map { .characterTyped($0) },
            from: unlocked)
        try check(typing, "dashboard-note-typing")
        try check(drive(effects, [.confirmRequested], from: typing), "dashboard-note-saved")
    }

    @Test func sessionDetail() throws {
        let (demo, effects, unlocked) = try setUp()
        defer { demo.remove() }
        // D0001 has a risk item in one of its sessions: open that one.
        var state = drive(
            effects, [.filterRequested] + "d0001".map { .characterTyped($0) } + [.confirmRequested, .confirmRequested],
            from: unlocked)
        let data = try #require(state.dashboard?.data)
        let riskSession = try #require(data.summary.risk.last?.session)
        let index = try #require(data.summary.sessions.firstIndex { $0.session == riskSession })
        state = drive(
            effects, [.highlightMoved(index - data.summary.sessions.count + 1), .confirmRequested], from: state)
        #expect(state.screen == .session)
        #expect(state.detail?.detail.rows.first?.riskFlagged == true)
        try check(state, "session")
        try check(drive(effects, [.highlightMoved(8)], from: state), "session-scrolled")
    }

    /// A risk item left unanswered today: first on the caseload; the dashboard and the session
    /// detail offer `a`; after it, the detail shows the acknowledgement.
    @Test func openRiskAndItsAcknowledgement() throws {
        let (demo, effects, _) = try setUp()
        defer { demo.remove() }
        try demo.store.save(
            NewAdministration(
                clientId: try ClientID("D0007"), sessionDate: try SessionDate("2026-11-24"), rater: .client,
                instrument: try demo.catalog.instrument("phq-9"), answers: [1, 1, 2, 1, 1, 1, 0, 1, nil],
                administeredAt: Fixtures.referenceDate, source: .cli))
        let unlocked = drive(effects, "correct horse".map { .characterTyped($0) } + [.confirmRequested])
        #expect(unlocked.caseload.entries.first?.client.rawValue == "D0007")
        try check(unlocked, "caseload-risk")
        let dashboard = drive(effects, [.confirmRequested], from: unlocked)
        try check(dashboard, "dashboard-risk")
        let detail = drive(effects, [.confirmRequested], from: dashboard)
        try check(detail, "session-risk")
        let acknowledged = drive(effects, [.acknowledgeRequested], from: detail)
        #expect(acknowledged.detail?.detail.riskOpen == false)
        try check(acknowledged, "session-risk-acknowledged")
    }

    @Test func tooSmall() throws {
        let screen = ReviewAppView.render(ReviewState(now: Fixtures.referenceDate), size: Size(width: 39, height: 11))
        #expect(screen.textSnapshot().contains("Please enlarge the terminal"))
    }
}
