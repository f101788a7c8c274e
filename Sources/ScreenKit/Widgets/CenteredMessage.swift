/// A message wrapped to the area's width and centred horizontally and vertically.
public struct CenteredMessage: Sendable, Equatable {
    /// The text; newlines start new lines.
    public var text: String
    /// Its style.
    public var style: Style

    /// Creates a message.
    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// Draws the message in `rect`; lines that do not fit vertically are left off at the end.
    public func render(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let lines = Array(TextWidth.wrap(text, width: rect.width).prefix(rect.height))
        let top = rect.y + (rect.height - lines.count) / 2
        for (i, line) in lines.enumerated() {
            let w = TextWidth.displayWidth(line)
            screen.put(line, x: rect.x + (rect.width - w) / 2, y: top + i, style: style, clip: rect)
        }
    }
}
