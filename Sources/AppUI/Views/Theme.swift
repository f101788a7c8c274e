import ScreenKit

/// The styles the screens use. Every highlight is readable without colour: the chosen answer is
/// reverse video with a `▸` marker; colour (when allowed) only adds to that.
public struct Theme: Sendable, Equatable {
    /// Screen titles.
    public var title: Style
    /// The rule under the title.
    public var rule: Style
    /// An instrument's stem above the item.
    public var stem: Style
    /// The item text.
    public var itemText: Style
    /// The highlighted option (always reverse video).
    public var selected: Style
    /// Notices (errors, waits).
    public var notice: Style
    /// Key names in the hint row.
    public var hintKey: Style
    /// Descriptions in the hint row.
    public var hintAction: Style
    /// The done part of the progress bar.
    public var progressFilled: Style
    /// The rest of the progress bar.
    public var progressEmpty: Style

    /// The theme for a terminal that shows `colorMode` (``ColorMode/none``: attributes only).
    public init(colorMode: ColorMode) {
        let colour = colorMode.allowsColor
        title = Style(fg: colour ? Palette.skyBlue : .default, bold: true)
        rule = .dim
        stem = .dim
        itemText = .bold
        selected = Style(bold: true, reverse: true)
        notice = Style(fg: colour ? Palette.orange : .default, bold: true)
        hintKey = .bold
        hintAction = .plain
        progressFilled = Style(fg: colour ? Palette.bluishGreen : .default)
        progressEmpty = .dim
    }
}
