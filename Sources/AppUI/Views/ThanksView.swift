import AppCore
import Numbers
import ScreenKit

/// The end of a battery: thanks, the calm risk message when needed, scores only when the clinic
/// shows them to clients.
enum ThanksView {
    static func render(
        _ farewell: Farewell, mode: AppMode, strings t: StringTable, into screen: inout Screen, theme: Theme
    ) {
        let hints: [KeyHints.Hint] =
            mode == .kiosk ? [KeyHints.Hint("Enter", t["hint.done"])] : [KeyHints.Hint("Enter", t["hint.finish"])]
        let body = Chrome(title: t["thanks.title"], hints: hints, notice: nil).render(into: &screen, theme: theme)
        // The same words whether or not a risk item was endorsed: an onlooker cannot tell.
        var paragraphs: [(String, Style)] = [(t["client.saved"], .bold)]
        if farewell.rater == .client {
            paragraphs.append((t["client.supportAtEnd"], .plain))
        }
        if !farewell.scores.isEmpty {
            let lines = farewell.scores.map { s -> String in
                let value = s.score.map { formatScore($0) } ?? "—"
                return "\(s.title) \(s.scaleLabel.lowercased()): \(value)" + (s.band.map { " (\($0))" } ?? "")
            }
            paragraphs.append((lines.joined(separator: "\n"), .plain))
        }
        switch mode {
        case .kiosk: paragraphs.append((t["thanks.kioskClears"], .plain))
        case .rate, .home:
            if farewell.rater == .client { paragraphs.append((t["thanks.handBack"], .plain)) }
        }
        let rows = CenteredText.render(paragraphs, into: &screen, in: body)
        if let first = rows.first { screen.cursor = Position(x: body.x, y: first) }
    }

    static func formatScore(_ value: Double) -> String { NumberText.compact(value) }
}
