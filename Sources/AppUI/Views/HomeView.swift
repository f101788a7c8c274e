import AppCore
import ScreenKit

/// The home menu of `rapport` without a subcommand.
enum HomeView {
    static func render(selected: Int, notice: String?, into screen: inout Screen, theme: Theme) {
        let hints = [
            KeyHints.Hint(HomeChoice.range, "choose"), KeyHints.Hint("↑↓", "move"), KeyHints.Hint("Enter", "open"),
            KeyHints.Hint("q", "quit"),
        ]
        let body = Chrome(title: "rapport", hints: hints, notice: notice).render(into: &screen, theme: theme)
        guard body.height >= 3 else { return }
        screen.put("What would you like to do?", x: body.x, y: body.y)
        SelectList(items: HomeChoice.allCases.map(\.title), selected: selected, selectedStyle: theme.selected)
            .render(into: &screen, in: Rect(x: body.x, y: body.y + 2, width: body.width, height: body.height - 2))
    }
}
