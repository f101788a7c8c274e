import ScreenKit

/// The styles the screens use. Every highlight is readable without colour: the chosen answer is
/// reverse video with a `▸` marker; colour (when allowed) only adds to that.
public struct Theme: Sendable, Equatable {
    public var title: Style
    public var rule: Style
    public var stem: Style
    public var itemText: Style
    public var selected: Style
    public var notice: Style
    public var hintKey: Style
    public var hintAction: Style
    public var progressFilled: Style
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
