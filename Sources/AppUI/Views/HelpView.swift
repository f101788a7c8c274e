import AppCore
import Instruments
import ScreenKit

/// The `?` overlay: the keys of the current screen, in a box over it.
enum HelpView {
    static func lines(for state: AppState) -> [(String, String)] {
        switch state.phase {
        case .questionnaire(let q):
            var rows: [(String, String)] = [
                (QuestionnaireReducer.rangeText(q.instrument), "choose an answer and go on"),
                ("↑ ↓", "move the choice"),
                ("Enter", "confirm the choice"),
                ("← Bksp", "back one item"),
                ("s", "skip (only where allowed)"),
                ("number", "change an item (review)"),
                ("f", "finish later (kept)"),
            ]
            if state.mode != .kiosk {
                rows.append(q.rater == .client ? ("q", "leave (passphrase)") : ("q", "quit (answers kept)"))
            }
            return rows
        default:
            return [(HomeChoice.range, "choose"), ("↑ ↓", "move"), ("Enter", "open"), ("q", "quit")]
        }
    }

    static func render(_ state: AppState, into screen: inout Screen, theme: Theme) {
        let rows = lines(for: state)
        let keyWidth = rows.map { TextWidth.displayWidth($0.0) }.max() ?? 1
        let width = min(
            screen.width - 2, max(30, rows.map { keyWidth + 2 + TextWidth.displayWidth($0.1) }.max() ?? 0) + 4)
        let height = min(screen.height, rows.count + 4)
        let rect = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        screen.fill(rect)
        let inner = Box(title: "Keys", titleStyle: theme.title).render(into: &screen, in: rect)
        let area = inner.insetBy(dx: 1, dy: 0)
        for (i, (key, action)) in rows.prefix(max(0, area.height - 1)).enumerated() {
            let x = screen.put(TextWidth.pad(key, to: keyWidth), x: area.x, y: area.y + i, style: .bold, clip: area)
            screen.put("  " + action, x: x, y: area.y + i, clip: area)
        }
        screen.put("Any key closes this.", x: area.x, y: area.maxY - 1, style: .dim, clip: area)
        screen.cursor = Position(x: area.x, y: area.y)
    }
}
