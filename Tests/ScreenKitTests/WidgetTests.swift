import TestSupport
import Testing

@testable import ScreenKit

@Suite struct WidgetTests {
    /// A screen pre-filled with `·` so undrawn cells show.
    func marked(_ w: Int, _ h: Int) -> Screen { Screen(width: w, height: h, fill: Cell("·")) }

    @Test func boxWithTitle() throws {
        var s = marked(20, 5)
        let inner = Box(title: "Working alliance").render(into: &s, in: Rect(x: 1, y: 0, width: 18, height: 4))
        #expect(inner == Rect(x: 2, y: 1, width: 16, height: 2))
        try Snapshot.assert(s, named: "box")
    }

    @Test func progressBar() {
        var s = marked(20, 1)
        ProgressBar(done: 3, total: 12).render(into: &s, in: Rect(x: 0, y: 0, width: 20, height: 1))
        #expect(s.textSnapshot() == "███░░░░░░░░░ 3 of 12")
        var t = marked(10, 1)
        ProgressBar(fraction: .nan, label: "").render(into: &t, in: Rect(x: 0, y: 0, width: 10, height: 1))
        #expect(t.textSnapshot() == "░░░░░░░░░░")
    }

    @Test func selectListHighlightsWithMarkerAndReverse() throws {
        var s = marked(24, 4)
        let list = SelectList(items: ["Seldom", "Sometimes", "Fairly often", "Very often", "Always"], selected: 3)
        list.render(into: &s, in: Rect(x: 0, y: 0, width: 24, height: 4))
        #expect(s.cursor == Position(x: 0, y: 3))
        try Snapshot.assert(s, named: "select-list-scrolled")
        #expect(s.styleRuns() == [StyleRun(row: 3, start: 0, end: 23, style: .reverse)])
        #expect(s.line(3).hasPrefix("▸ 4. Very often"))
    }

    @Test func keyHintsDropWhatDoesNotFit() {
        var s = marked(24, 1)
        KeyHints([.init("↑↓", "move"), .init("Enter", "choose"), .init("q", "quit")])
            .render(into: &s, in: Rect(x: 0, y: 0, width: 24, height: 1))
        #expect(s.textSnapshot() == "↑↓ move  Enter choose···")
        #expect(s.styleRuns().map(\.start) == [0, 9])
    }

    @Test func centeredMessage() {
        var s = marked(11, 4)
        CenteredMessage("Thank you for answering").render(into: &s, in: Rect(x: 0, y: 0, width: 11, height: 4))
        #expect(s.textSnapshot() == "·Thank you·\n····for····\n·answering·\n···········")
    }

    @Test func tableAlignsColumns() throws {
        var s = marked(30, 5)
        let table = Table(
            columns: [.init("Session"), .init("WAI-SR", alignment: .right), .init("Note")],
            rows: [["1", "3.2", "first"], ["12", "4.75", "a rather long note that gets cut"]],
            highlightedRow: 1)
        table.render(into: &s, in: Rect(x: 0, y: 0, width: 30, height: 5))
        try Snapshot.assert(s, named: "table")
    }
}
