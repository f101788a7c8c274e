/// A one-row progress bar `█████░░░░░ label`, readable without colour.
public struct ProgressBar: Sendable, Equatable {
    /// Completed fraction, clamped to 0…1 (NaN counts as 0).
    public var fraction: Double
    /// Text after the bar, e.g. `"3 of 12"`.
    public var label: String
    /// Style of the filled part.
    public var filledStyle: Style
    /// Style of the empty part.
    public var emptyStyle: Style

    /// Creates a progress bar.
    public init(fraction: Double, label: String = "", filledStyle: Style = .plain, emptyStyle: Style = .dim) {
        self.fraction = fraction
        self.label = label
        self.filledStyle = filledStyle
        self.emptyStyle = emptyStyle
    }

    /// A bar for `done` of `total` steps, labelled `"done of total"` unless a label is given.
    public init(done: Int, total: Int, label: String? = nil) {
        let f = total > 0 ? Double(done) / Double(total) : 0
        self.init(fraction: f, label: label ?? "\(done) of \(total)")
    }

    /// Draws the bar in the first row of `rect`; the label takes its width plus one space.
    public func render(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let f = fraction.isNaN ? 0 : min(1, max(0, fraction))
        let labelText = label.isEmpty ? "" : " " + TextWidth.truncate(label, width: max(0, rect.width / 2 - 1))
        let labelWidth = TextWidth.displayWidth(labelText)
        let barWidth = rect.width - labelWidth
        guard barWidth > 0 else { return }
        let filled = Int((f * Double(barWidth)).rounded(.down))
        screen.put(String(repeating: "█", count: filled), x: rect.x, y: rect.y, style: filledStyle, clip: rect)
        screen.put(
            String(repeating: "░", count: barWidth - filled), x: rect.x + filled, y: rect.y, style: emptyStyle,
            clip: rect)
        screen.put(labelText, x: rect.x + barWidth, y: rect.y, clip: rect)
    }
}
