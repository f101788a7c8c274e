/// A footer line of key hints such as `↑↓ move  Enter choose  q quit`, keys in bold.
public struct KeyHints: Sendable, Equatable {
    /// One hint: the key as shown and what it does.
    public struct Hint: Sendable, Equatable {
        /// The key as shown, e.g. `"Enter"`.
        public var key: String
        /// What it does, e.g. `"choose"`.
        public var action: String

        /// Creates a hint.
        public init(_ key: String, _ action: String) {
            self.key = key
            self.action = action
        }
    }

    /// The hints, most important first: those that do not fit are left off from the end.
    public var hints: [Hint]
    /// Style of the key names.
    public var keyStyle: Style
    /// Style of the descriptions.
    public var actionStyle: Style

    /// Creates a footer.
    public init(_ hints: [Hint], keyStyle: Style = .bold, actionStyle: Style = .plain) {
        self.hints = hints
        self.keyStyle = keyStyle
        self.actionStyle = actionStyle
    }

    /// Draws the hints in the first row of `rect`, separated by two spaces; hints that do not
    /// fit completely are left off.
    public func render(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        var x = rect.x
        for (n, hint) in hints.enumerated() {
            let w = (n > 0 ? 2 : 0) + TextWidth.displayWidth(hint.key) + 1 + TextWidth.displayWidth(hint.action)
            if x + w > rect.maxX { break }
            if n > 0 { x = screen.put("  ", x: x, y: rect.y, style: actionStyle, clip: rect) }
            x = screen.put(hint.key, x: x, y: rect.y, style: keyStyle, clip: rect)
            x = screen.put(" " + hint.action, x: x, y: rect.y, style: actionStyle, clip: rect)
        }
    }
}
