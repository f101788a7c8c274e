/// A frame drawn with box-drawing lines, with an optional title in the top edge.
public struct Box: Sendable, Equatable {
    /// Shown in the top edge as `┌─ Title ─┐`, truncated to fit.
    public var title: String?
    /// Style of the frame lines.
    public var style: Style
    /// Style of the title.
    public var titleStyle: Style

    /// Creates a box.
    public init(title: String? = nil, style: Style = .plain, titleStyle: Style = .bold) {
        self.title = title
        self.style = style
        self.titleStyle = titleStyle
    }

    /// Draws the frame on the edge of `rect` and returns the inner area.
    /// A rectangle smaller than 2×2 draws nothing and returns an empty area.
    @discardableResult
    public func render(into screen: inout Screen, in rect: Rect) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let right = rect.maxX - 1
        let bottom = rect.maxY - 1
        let horizontal = String(repeating: "─", count: rect.width - 2)
        screen.put("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: style)
        screen.put("└" + horizontal + "┘", x: rect.x, y: bottom, style: style)
        if rect.height > 2 {
            for y in (rect.y + 1)..<bottom {
                screen.put("│", x: rect.x, y: y, style: style)
                screen.put("│", x: right, y: y, style: style)
            }
        }
        if let title, !title.isEmpty, rect.width >= 7 {
            let room = rect.width - 6
            let t = TextWidth.truncate(title, width: room)
            screen.put(" ", x: rect.x + 2, y: rect.y, style: style)
            let end = screen.put(t, x: rect.x + 3, y: rect.y, style: titleStyle)
            screen.put(" ", x: end, y: rect.y, style: style)
        }
        return rect.insetBy(dx: 1, dy: 1)
    }
}
