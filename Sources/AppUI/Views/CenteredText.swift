import ScreenKit

/// Paragraphs centred in an area: each paragraph wrapped and centred line by line, one blank
/// line between paragraphs, the block centred vertically. Returns the rows used.
enum CenteredText {
    @discardableResult
    static func render(_ paragraphs: [(String, Style)], into screen: inout Screen, in rect: Rect) -> [Int] {
        var lines: [(String, Style)] = []
        for (n, (text, style)) in paragraphs.enumerated() {
            if n > 0 { lines.append(("", .plain)) }
            for line in TextWidth.wrap(text, width: rect.width) { lines.append((line, style)) }
        }
        if lines.count > rect.height {
            lines = lines.filter { !$0.0.isEmpty }
        }
        let shown = lines.prefix(rect.height)
        let top = rect.y + max(0, (rect.height - shown.count) / 2)
        var rows: [Int] = []
        for (i, (line, style)) in shown.enumerated() {
            let w = TextWidth.displayWidth(line)
            screen.put(line, x: rect.x + max(0, (rect.width - w) / 2), y: top + i, style: style, clip: rect)
            rows.append(top + i)
        }
        return rows
    }
}
