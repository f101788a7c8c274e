/// A vertical list of options, one chosen: the chosen line is in reverse video **and** starts
/// with a marker (`▸`), so the choice is visible without colour; options may be numbered.
public struct SelectList: Sendable, Equatable {
    /// The option texts.
    public var items: [String]
    /// Index of the highlighted option (nil: none).
    public var selected: Int?
    /// Prefix options with `1.`, `2.`, … (for digit-key answers).
    public var numbered: Bool
    /// Marker in front of the highlighted option.
    public var marker: String
    /// Extra style of the highlighted option (reverse video is always added).
    public var selectedStyle: Style
    /// Move the hardware cursor to the highlighted option (screen readers follow it).
    public var placesCursor: Bool

    /// Creates a list.
    public init(
        items: [String], selected: Int?, numbered: Bool = true, marker: String = "▸",
        selectedStyle: Style = .reverse, placesCursor: Bool = true
    ) {
        self.items = items
        self.selected = selected
        self.numbered = numbered
        self.marker = marker
        self.selectedStyle = selectedStyle
        self.placesCursor = placesCursor
    }

    /// The first visible item index so that `selected` is on screen in `rows` rows.
    public func scrollOffset(rows: Int) -> Int {
        guard rows > 0, items.count > rows, let sel = selected else { return 0 }
        return min(max(0, sel - rows + 1), items.count - rows)
    }

    /// Draws the list into `rect`, one item per row, scrolling to keep the choice visible.
    public func render(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let offset = scrollOffset(rows: rect.height)
        let numberWidth = numbered ? String(items.count).count + 2 : 0
        let markerWidth = TextWidth.displayWidth(marker) + 1
        var style = selectedStyle
        style.reverse = true
        for row in 0..<min(rect.height, items.count - offset) {
            let i = offset + row
            let isSelected = i == selected
            let y = rect.y + row
            var text = isSelected ? marker + " " : String(repeating: " ", count: markerWidth)
            if numbered {
                text += TextWidth.pad("\(i + 1).", to: numberWidth - 1, alignment: .right) + " "
            }
            text += items[i]
            let line = TextWidth.pad(text, to: rect.width)
            screen.put(line, x: rect.x, y: y, style: isSelected ? style : .plain, clip: rect)
            if isSelected && placesCursor {
                screen.cursor = Position(x: rect.x, y: y)
            }
        }
        // Scroll indicators keep the style of the row they sit on, so a highlight stays whole.
        if offset > 0 {
            let st = selected == offset ? style : Style.dim
            screen.put("↑", x: rect.maxX - 1, y: rect.y, style: st, clip: rect)
        }
        if offset + rect.height < items.count {
            let st = selected == offset + rect.height - 1 ? style : Style.dim
            screen.put("↓", x: rect.maxX - 1, y: rect.maxY - 1, style: st, clip: rect)
        }
    }
}
