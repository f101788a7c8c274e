import AppCore
import Foundation
import Numbers
import ScreenKit
import Store

/// The client dashboard: alerts, the charts with their one-line summaries, and the session list
/// (on the right when there is room, else the highlighted session only).
///
/// Up to 100 × 30 there is room for one readable chart: Tab cycles through them. A larger terminal
/// shows more at once (``chartGrid(for:)``): the selected chart first, then the ones after it in
/// Tab order, each under a title row, so a big screen gives the whole picture at a glance.
enum DashboardView {
    /// Width of the session list panel.
    static let listWidth = 20
    /// The smallest cell a chart gets when several are shown: a title row and a chart that keeps its
    /// y labels, about 30 sessions of braille and its sentence.
    static let minimumChartWidth = 64
    static let minimumChartHeight = 18

    /// How many charts fit in `area`, as columns × rows (1 × 1 up to 100 × 30).
    static func chartGrid(for area: Rect) -> (columns: Int, rows: Int) {
        let columns = min(2, max(1, (area.width + 2) / (minimumChartWidth + 2)))
        let rows = max(1, area.height / minimumChartHeight)
        let count = min(ReviewChartKind.allCases.count, columns * rows)
        guard count > 1 else { return (1, 1) }
        // No empty column: with two charts on a tall screen, stack them.
        let usedColumns = min(columns, count)
        return (usedColumns, (count + usedColumns - 1) / usedColumns)
    }

    static func render(
        _ d: DashboardState, notice: String?, into screen: inout Screen, theme: Theme, colorMode: ColorMode
    ) {
        let styles = ReviewStyles(colorMode: colorMode)
        let summary = d.data.summary
        let n = summary.sessions.count
        var title = "\(d.data.client) — \(n) session\(n == 1 ? "" : "s")"
        if let last = summary.lastSessionDate { title += ", last \(last)" }
        let riskOpen = d.session.map { s in summary.openRisk.contains { $0.session == s.session } } ?? false
        let toAnswer = d.data.alertToAnswer != nil
        let hints: [KeyHints.Hint] =
            d.discharge != nil
            ? (d.discharge?.confirming == true
                ? [KeyHints.Hint("Enter", "end episode"), KeyHints.Hint("Esc", "back")]
                : [KeyHints.Hint("↑↓", "reason"), KeyHints.Hint("Enter", "next"), KeyHints.Hint("Esc", "cancel")])
            : d.note != nil
                ? [KeyHints.Hint("Enter", "save note"), KeyHints.Hint("Esc", "cancel")]
                : d.answer != nil
                    ? [KeyHints.Hint("s/d/p/x", "answer"), KeyHints.Hint("Esc", "cancel")]
                    : [
                        KeyHints.Hint("Tab", "chart"), KeyHints.Hint("↑↓", "session"),
                        KeyHints.Hint("Enter", "answers"),
                    ] + (riskOpen ? [KeyHints.Hint("a", "acknowledge risk")] : []) + [
                        KeyHints.Hint("n", "note"), KeyHints.Hint("c", "kiosk code"), KeyHints.Hint("Esc", "back"),
                        KeyHints.Hint("q", "quit"),
                    ] + (toAnswer ? [KeyHints.Hint("r", "answer alert")] : []) + [
                        KeyHints.Hint("v", "client view"), KeyHints.Hint("e", "end episode"),
                    ]
        var message = notice
        if let code = d.code {
            message =
                "Kiosk code for \(code.client): \(code.code) (one battery, valid until \(clockTime(code.expiresAt)))"
        }
        var body = Chrome(title: title, hints: hints, notice: message).render(into: &screen, theme: theme)
        guard body.height >= 4 else { return }

        // Note being typed: a line at the bottom of the body.
        if let note = d.note, let session = d.session {
            let split = body.splitBottom(note.notice == nil ? 1 : 2)
            let label = "Note for session \(session.session): "
            let room = max(1, split.bottom.width - TextWidth.displayWidth(label) - 1)
            let shown = String(note.text.suffix(room))
            var x = screen.put(label, x: body.x, y: split.bottom.y, style: .bold, clip: split.bottom)
            x = screen.put(shown, x: x, y: split.bottom.y, clip: split.bottom)
            screen.cursor = Position(x: min(x, split.bottom.maxX - 1), y: split.bottom.y)
            if let notice = note.notice {
                screen.put(notice, x: body.x, y: split.bottom.y + 1, style: theme.notice, clip: split.bottom)
            }
            body = split.rest
        }

        if let answer = d.answer {
            body = answerLine(answer, into: &screen, body: body, theme: theme)
        }

        // Ending the episode: the reason, then the confirmation, at the bottom of the body.
        if let entry = d.discharge {
            let split = body.splitBottom(2)
            let reasons = DischargeEntry.reasons.enumerated().map { i, r in
                i == entry.reasonIndex ? "[\(DischargeEntry.words(r))]" : DischargeEntry.words(r)
            }
            let first =
                entry.confirming
                ? "End episode \(entry.episode) on \(entry.date), reason: \(DischargeEntry.words(entry.reason))?"
                : "End episode \(entry.episode) on \(entry.date) (the last session's date). Reason:"
            let second =
                entry.notice
                ?? (entry.confirming
                    ? "Enter: end it and save · Esc: back to the reason" : reasons.joined(separator: "  "))
            screen.put(first, x: body.x, y: split.bottom.y, style: .bold, clip: split.bottom)
            screen.put(
                second, x: body.x, y: split.bottom.y + 1, style: entry.notice == nil ? .plain : theme.notice,
                clip: split.bottom)
            body = split.rest
        }

        // A closed last episode: its outcome.
        let names = { (id: String) in
            d.data.instruments.first { $0.id == id }.map { $0.shortTitle ?? $0.title } ?? id
        }
        if let line = EpisodeLine.closed(d.data.analysis, names: names), body.height >= 8 {
            screen.put(TextWidth.truncate(line, width: body.width), x: body.x, y: body.y, style: .bold, clip: body)
            body = body.splitTop(1).rest
        }

        // Alerts.
        let alerts = d.data.entry.alerts
        if alerts.isEmpty {
            screen.put("No alerts.", x: body.x, y: body.y, style: .dim, clip: body)
        } else {
            var x = body.x
            let row = Rect(x: body.x, y: body.y, width: body.width, height: 1)
            x = screen.put("Alerts: ", x: x, y: body.y, style: .bold, clip: row)
            for (i, alert) in alerts.enumerated() {
                if i > 0 { x = screen.put(" · ", x: x, y: body.y, style: .dim, clip: row) }
                x = screen.put(alert.shortText, x: x, y: body.y, style: styles.style(alert.kind), clip: row)
            }
        }
        body = body.splitTop(1).rest
        body = feedbackRows(d, into: &screen, body: body, styles: styles)

        // Tabs: when they do not all fit, the row scrolls so the selected one is always shown,
        // with ‹ and › where tabs are left out.
        let tabRow = Rect(x: body.x, y: body.y, width: body.width, height: 1)
        let tabs = ReviewChartKind.allCases
        let selectedTab = tabs.firstIndex(of: d.chart) ?? 0
        func tabWidth(_ i: Int) -> Int { TextWidth.displayWidth(" \(tabs[i].title) ") + 1 }
        var firstTab = 0
        while firstTab < selectedTab,
            (firstTab > 0 ? 2 : 0) + (firstTab...selectedTab).reduce(0, { $0 + tabWidth($1) }) + 2 > tabRow.width
        {
            firstTab += 1
        }
        var x = body.x
        if firstTab > 0 { x = screen.put("‹ ", x: x, y: body.y, style: .dim, clip: tabRow) }
        for i in firstTab..<tabs.count {
            let text = " \(tabs[i].title) "
            let lastOne = i == tabs.count - 1
            guard x + TextWidth.displayWidth(text) + (lastOne ? 0 : 2) <= tabRow.maxX else {
                screen.put("›", x: min(x, tabRow.maxX - 1), y: body.y, style: .dim, clip: tabRow)
                break
            }
            x = screen.put(
                text, x: x, y: body.y, style: tabs[i] == d.chart ? styles.tabSelected : styles.tab, clip: tabRow)
            x += 1
        }
        body = body.splitTop(1).rest
        guard body.height >= 3 else { return }

        // Session list on the right when the chart keeps at least 50 columns.
        var chartArea = body
        if body.width - listWidth - 2 >= 50 {
            let list = Rect(x: body.maxX - listWidth, y: body.y, width: listWidth, height: body.height)
            chartArea = Rect(x: body.x, y: body.y, width: body.width - listWidth - 2, height: body.height)
            sessionList(d, into: &screen, in: list, styles: styles)
        } else if let s = d.session {
            let line = "Session \(s.session) (\(s.date))\(d.data.notes(session: s.session).isEmpty ? "" : " ◇ note")"
            let split = chartArea.splitBottom(1)
            screen.put(line, x: chartArea.x, y: split.bottom.y, style: .bold, clip: split.bottom)
            chartArea = split.rest
        }
        let grid = chartGrid(for: chartArea)
        if grid.columns * grid.rows == 1 {
            let chart = d.data.charts.chart(d.chart, colorMode: colorMode)
            chart.render(into: &screen, in: chartArea, sentenceStyle: .bold)
            return
        }
        // Several charts: the selected one first, then the following ones in Tab order.
        let kinds = ReviewChartKind.allCases
        let first = kinds.firstIndex(of: d.chart) ?? 0
        let count = min(kinds.count, grid.columns * grid.rows)
        let gap = 2
        let cellWidth = (chartArea.width - gap * (grid.columns - 1)) / grid.columns
        let cellHeight = chartArea.height / grid.rows
        for i in 0..<count {
            let kind = kinds[(first + i) % kinds.count]
            let column = i % grid.columns
            let row = i / grid.columns
            let cell = Rect(
                x: chartArea.x + column * (cellWidth + gap), y: chartArea.y + row * cellHeight, width: cellWidth,
                height: row == grid.rows - 1 ? chartArea.maxY - (chartArea.y + row * cellHeight) : cellHeight - 1)
            let split = cell.splitTop(1)
            screen.put(
                " \(kind.title) ", x: cell.x, y: cell.y, style: kind == d.chart ? styles.tabSelected : .bold,
                clip: split.top)
            d.data.charts.chart(kind, colorMode: colorMode).render(into: &screen, in: split.rest, sentenceStyle: .bold)
        }
    }

    /// The sessions, newest at the bottom, the highlighted one in reverse video; `◇` marks a
    /// session with a note, `!` one with a risk item. With the client-vs-therapist chart the
    /// date is shortened to month-day and the session's gap is shown.
    static func sessionList(_ d: DashboardState, into screen: inout Screen, in rect: Rect, styles: ReviewStyles) {
        // With the client-vs-therapist chart, each session shows its gap (client − therapist).
        var gaps: [Int: Double] = [:]
        if d.chart == .gap,
            let total = d.data.analysis.gap.scales.first(where: { $0.scale == d.data.options.allianceScale })
        {
            for g in total.sessions { gaps[g.session] = g.gap }
        }
        screen.put(d.chart == .gap ? "Sessions     gap" : "Sessions", x: rect.x, y: rect.y, style: .bold, clip: rect)
        let rows = rect.height - 1
        guard rows > 0 else { return }
        let sessions = d.data.summary.sessions
        // Risk flags waiting for an acknowledgement are `!`; acknowledged ones `✓`.
        let riskSessions = Set(d.data.summary.openRisk.map(\.session))
        let acknowledgedSessions = Set(d.data.summary.risk.filter(\.acknowledged).map(\.session))
        let noteSessions = Set(d.data.summary.notes.map(\.session))
        let width = String(sessions.last?.session ?? 1).count
        let offset = d.selectedSession < rows ? 0 : d.selectedSession - rows + 1
        for (i, s) in sessions.dropFirst(offset).prefix(rows).enumerated() {
            let y = rect.y + 1 + i
            let selected = offset + i == d.selectedSession
            var text = TextWidth.pad(String(s.session), to: width, alignment: .right) + "  "
            if d.chart == .gap {
                let gap = gaps[s.session].map { NumberText.signed($0, decimals: 1) } ?? "  —"
                text += String(s.date.rawValue.dropFirst(5)) + "  " + TextWidth.pad(gap, to: 4, alignment: .right)
            } else {
                text += s.date.rawValue
            }
            text += riskSessions.contains(s.session) ? " !" : acknowledgedSessions.contains(s.session) ? " ✓" : "  "
            text += noteSessions.contains(s.session) ? "◇" : " "
            text = TextWidth.pad(TextWidth.truncate(text, width: rect.width), to: rect.width)
            let style = selected ? styles.selected : riskSessions.contains(s.session) ? styles.urgent : Style.plain
            screen.put(text, x: rect.x, y: y, style: style, clip: rect)
        }
    }

    /// The alert being answered: its words and the response keys, or the reason being typed.
    static func answerLine(_ a: AlertAnswerEntry, into screen: inout Screen, body: Rect, theme: Theme) -> Rect {
        let split = body.splitBottom(a.notice == nil ? 2 : 3)
        let rect = split.bottom
        screen.put("Answer: \(a.alert.wording) (\(a.alert.id))", x: rect.x, y: rect.y, style: .bold, clip: rect)
        if let reason = a.reason {
            let label = "Why do you disagree? "
            let room = max(1, rect.width - TextWidth.displayWidth(label) - 1)
            var x = screen.put(label, x: rect.x, y: rect.y + 1, style: .bold, clip: rect)
            x = screen.put(String(reason.text.suffix(room)), x: x, y: rect.y + 1, clip: rect)
            screen.cursor = Position(x: min(x, rect.maxX - 1), y: rect.y + 1)
        } else {
            screen.put(
                "s seen · d discussed with the client · p plan changed · x disagree (with a reason)", x: rect.x,
                y: rect.y + 1, clip: rect)
        }
        if let notice = a.notice { screen.put(notice, x: rect.x, y: rect.y + 2, style: theme.notice, clip: rect) }
        return split.rest
    }

    /// Under the alerts: the latest answer of each answered alert (one row), then the prompts
    /// (therapist only), as many as fit in a quarter of the body.
    static func feedbackRows(_ d: DashboardState, into screen: inout Screen, body: Rect, styles: ReviewStyles) -> Rect {
        guard let f = d.data.analysis.feedback else { return body }
        var body = body
        let answered = f.alerts.filter { $0.latestResponse != nil }
        if !answered.isEmpty, body.height > 8 {
            let row = Rect(x: body.x, y: body.y, width: body.width, height: 1)
            var x = screen.put("Answered: ", x: body.x, y: body.y, style: .bold, clip: row)
            for (i, a) in answered.enumerated() {
                if i > 0 { x = screen.put(" · ", x: x, y: body.y, style: .dim, clip: row) }
                let r = a.latestResponse?.response.label ?? ""
                let state =
                    a.answered ? (a.kind == .risk ? ", risk open until acknowledged" : "") : ", new session since"
                x = screen.put("\(a.kind.rawValue) \(a.source): \(r)\(state)", x: x, y: body.y, clip: row)
            }
            body = body.splitTop(1).rest
        }
        guard !f.prompts.isEmpty else { return body }
        let lines = min(1 + f.prompts.count, max(2, body.height / 4))
        guard body.height - lines >= 8 else { return body }
        let split = body.splitTop(lines)
        screen.put("Prompts (therapist only)", x: body.x, y: body.y, style: .bold, clip: split.top)
        for (i, p) in f.prompts.prefix(lines - 1).enumerated() {
            let text = TextWidth.truncate("› " + p.text, width: body.width)
            screen.put(text, x: body.x, y: body.y + 1 + i, style: .dim, clip: split.top)
        }
        return split.rest
    }

    /// "14:05" in the local time zone.
    static func clockTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }
}
