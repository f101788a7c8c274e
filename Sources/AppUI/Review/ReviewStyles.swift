import AppCore
import ScreenKit

/// Styles of the review screens, readable without colour: alerts are bold, the most urgent
/// kinds (risk, open rupture, deterioration) also in vermillion when colour is on.
struct ReviewStyles {
    var urgent: Style
    var alert: Style
    var muted: Style
    var selected: Style
    var tab: Style
    var tabSelected: Style

    init(colorMode: ColorMode) {
        let colour = colorMode.allowsColor
        urgent = Style(fg: colour ? Palette.vermillion : .default, bold: true)
        alert = Style(fg: colour ? Palette.orange : .default, bold: true)
        muted = .dim
        selected = Style(bold: true, reverse: true)
        tab = .plain
        tabSelected = Style(bold: true, reverse: true)
    }

    /// The style of an alert of `kind`.
    func style(_ kind: ReviewAlert.Kind) -> Style {
        kind.rank <= ReviewAlert.Kind.reliableDeterioration.rank ? urgent : alert
    }
}
