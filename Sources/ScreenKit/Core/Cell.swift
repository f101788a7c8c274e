/// One terminal cell: a grapheme, its style, and whether it is the right half of a wide character.
public struct Cell: Sendable, Hashable {
    /// The grapheme shown (one `Character`, possibly several scalars); `" "` for blank.
    public var text: String
    /// How it is drawn.
    public var style: Style
    /// True for the right half of a double-width character; such a cell draws nothing itself.
    public var isContinuation: Bool

    /// Creates a cell.
    public init(_ text: String = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.text = text
        self.style = style
        self.isContinuation = isContinuation
    }

    /// A blank, unstyled cell.
    public static let blank = Cell()

    /// The right half of a wide character drawn in `style`.
    static func continuation(_ style: Style) -> Cell {
        Cell("", style: style, isContinuation: true)
    }
}
