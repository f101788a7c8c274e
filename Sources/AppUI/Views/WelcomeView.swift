import AppCore
import ScreenKit

/// The neutral kiosk welcome: asks for the one-time code, in the client's language; `l` picks the
/// next language when more than one has a string table. Shows nothing about anyone.
enum WelcomeView {
    static func render(_ entry: TextEntry, state: AppState, into screen: inout Screen, theme: Theme) {
        let strings = state.strings
        let choosable = state.settings.strings.languages.count > 1
        var hints = [
            KeyHints.Hint("0–9", strings["welcome.hint.code"]), KeyHints.Hint("Enter", strings["welcome.hint.open"]),
        ]
        // The language key comes before "erase": a client who does not read the current language
        // must find it even on a narrow screen.
        if choosable { hints.append(KeyHints.Hint("l", strings["welcome.hint.language"])) }
        hints.append(KeyHints.Hint("Bksp", strings["welcome.hint.erase"]))
        let body = Chrome(title: strings["welcome.title"], hints: hints, notice: entry.notice)
            .render(into: &screen, theme: theme)
        let slots = (0..<6).map { i -> String in
            let chars = Array(entry.text)
            return i < chars.count ? String(chars[i]) : "_"
        }
        let field = "[ " + slots.joined(separator: " ") + " ]"
        var area = body
        if choosable && body.height >= 4 {
            // The languages on the body's last row, each named in its own words, the current one
            // marked: "[English]  Deutsch  Español".
            let names = state.settings.strings.languages.map { tag -> String in
                let name = state.settings.strings.table(for: tag).languageName
                return tag == state.language ? "[\(name)]" : name
            }
            let line = TextWidth.truncate(names.joined(separator: "  "), width: body.width)
            let x = body.x + max(0, (body.width - TextWidth.displayWidth(line)) / 2)
            screen.put(line, x: x, y: body.maxY - 1, style: .dim, clip: body)
            area = Rect(x: body.x, y: body.y, width: body.width, height: body.height - 2)
        }
        // The code field always shows: the prompt gives up lines (then the blank line) first.
        var prompt = TextWidth.wrap(strings["welcome.prompt"], width: area.width)
        if prompt.count + 2 > area.height { prompt = Array(prompt.prefix(max(0, area.height - 1))) }
        let paragraphs: [(String, Style)] = [(prompt.joined(separator: " "), .plain), (field, .bold)]
        let rows = CenteredText.render(prompt.isEmpty ? [(field, .bold)] : paragraphs, into: &screen, in: area)
        if let fieldRow = rows.last {
            let fieldX = body.x + max(0, (body.width - TextWidth.displayWidth(field)) / 2)
            let slot = min(entry.text.count, 5)
            screen.cursor = Position(x: fieldX + 2 + 2 * slot, y: fieldRow)
        }
    }
}
