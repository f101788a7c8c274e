/// How a cell is drawn: colours and attributes.
public struct Style: Sendable, Hashable {
    /// Foreground colour.
    public var fg: Color
    /// Background colour.
    public var bg: Color
    /// Bold (or bright) text.
    public var bold: Bool
    /// Dim text.
    public var dim: Bool
    /// Reverse video: swaps foreground and background; a highlight that works without colour.
    public var reverse: Bool
    /// Underlined text.
    public var underline: Bool

    /// Creates a style.
    public init(
        fg: Color = .default, bg: Color = .default, bold: Bool = false, dim: Bool = false,
        reverse: Bool = false, underline: Bool = false
    ) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// No colour, no attributes.
    public static let plain = Style()
    /// Bold only.
    public static let bold = Style(bold: true)
    /// Dim only.
    public static let dim = Style(dim: true)
    /// Reverse video only.
    public static let reverse = Style(reverse: true)
    /// Underline only.
    public static let underline = Style(underline: true)

    /// True when the style changes nothing.
    public var isPlain: Bool { self == .plain }

    /// The same style with colours removed (for a terminal without colour).
    public var withoutColor: Style {
        var s = self
        s.fg = .default
        s.bg = .default
        return s
    }

    /// A readable description such as `bold reverse fg=orange`, used in style-run listings.
    public var summary: String {
        var parts: [String] = []
        if bold { parts.append("bold") }
        if dim { parts.append("dim") }
        if reverse { parts.append("reverse") }
        if underline { parts.append("underline") }
        if fg != .default { parts.append("fg=\(fg.name)") }
        if bg != .default { parts.append("bg=\(bg.name)") }
        return parts.isEmpty ? "plain" : parts.joined(separator: " ")
    }
}
