import AppCore
import Instruments
import ScreenKit

/// The `?` overlay: the keys of the current screen, in a box over it.
enum HelpView {
    static func lines(for state: AppState) -> [(String, String)] {
        switch state.phase {
        case .questionnaire(let q):
            let t = q.strings
            var rows: [(String, String)] = [
                (QuestionnaireReducer.rangeText(q.instrument), t["help.choose"]),
                ("↑ ↓", t["help.move"]),
                ("Enter", t["help.confirm"]),
                ("← Bksp", t["help.back"]),
                ("s", t["help.skip"]),
                (t["help.numberKey"], t["help.change"]),
                ("f", t["help.finishLater"]),
            ]
            if state.mode != .kiosk {
                rows.append(q.rater == .client ? ("q", t["help.leave"]) : ("q", t["help.quitKept"]))
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
        // A client's questionnaire in their language; the home menu's keys are the therapist's.
        let t = state.questionnaire?.strings ?? .english
        let inner = Box(title: t["help.title"], titleStyle: theme.title).render(into: &screen, in: rect)
        let area = inner.insetBy(dx: 1, dy: 0)
        for (i, (key, action)) in rows.prefix(max(0, area.height - 1)).enumerated() {
            let x = screen.put(TextWidth.pad(key, to: keyWidth), x: area.x, y: area.y + i, style: .bold, clip: area)
            screen.put("  " + action, x: x, y: area.y + i, clip: area)
        }
        screen.put(t["help.close"], x: area.x, y: area.maxY - 1, style: .dim, clip: area)
        screen.cursor = Position(x: area.x, y: area.y)
    }
}
