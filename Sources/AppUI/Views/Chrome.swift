import ScreenKit

/// The frame shared by every screen: a title row (with a rule under it when there is room), a
/// notice row, and a key-hint row at the bottom. Returns the body area in between.
struct Chrome {
    /// Smallest usable terminal; below it only a notice is shown.
    static let minimumSize = Size(width: 40, height: 12)
    /// Left and right margin of the body.
    static let margin = 1

    var title: String
    var hints: [KeyHints.Hint]
    var notice: String?
    /// An extra row above the hints (progress).
    var status: ((inout Screen, Rect) -> Void)?

    /// Draws the frame; returns the body rectangle.
    func render(into screen: inout Screen, theme: Theme) -> Rect {
        let w = screen.width
        let h = screen.height
        var top = 0
        screen.put(TextWidth.truncate(title, width: w - 2), x: 1, y: 0, style: theme.title)
        top = 1
        if h >= 16 {
            screen.put(String(repeating: "─", count: w), x: 0, y: 1, style: theme.rule)
            top = 2
        }
        var bottom = h - 1
        KeyHints(hints, keyStyle: theme.hintKey, actionStyle: theme.hintAction)
            .render(into: &screen, in: Rect(x: 1, y: bottom, width: w - 2, height: 1))
        if let status {
            bottom -= 1
            status(&screen, Rect(x: 1, y: bottom, width: w - 2, height: 1))
        }
        if let notice, !notice.isEmpty {
            let lines = TextWidth.wrap(notice, width: w - 2).prefix(3)
            bottom -= lines.count
            for (i, line) in lines.enumerated() {
                screen.put(line, x: 1, y: bottom + i, style: theme.notice)
            }
        }
        let gap = h >= 16 ? 1 : 0
        return Rect(x: Chrome.margin + 1, y: top + gap, width: w - 2 * (Chrome.margin + 1), height: bottom - top - gap)
    }
}
