import AppCore
import Foundation
import Store

/// `rapport review --plain`: the review screens as numbered lines and line prompts (screen
/// readers, `TERM=dumb`), through the same reducer and effects as the full screen: the
/// passphrase first, the caseload, a client's summary (alerts, one sentence per chart, the
/// sessions), a session's answers. The idle timeout locks and drops the data as on the screen.
public enum PlainReviewView {
    /// The text to print before reading the next line.
    public static func prompt(_ state: ReviewState, showNotice: Bool = true) -> String {
        let notice = showNotice ? state.notice.map { "! \($0)\n" } ?? "" : ""
        switch state.screen {
        case .locked(let entry):
            let line = showNotice ? entry.notice.map { "! \($0)\n" } ?? "" : ""
            return line + "Therapist passphrase (empty line: quit): "
        case .loading(let text):
            return text + "\n"
        case .caseload:
            return caseload(state.caseload) + notice
                + "Type a client's number or id to open it, / and text to filter (/ alone clears it), q to quit: "
        case .dashboard:
            guard let d = state.dashboard else { return notice + "q to quit: " }
            if let entry = d.answer { return answer(entry) }
            if let entry = d.discharge { return discharge(entry) }
            return dashboard(d) + notice
                + "Type a session's number to see its answers, c for a kiosk code, r to answer an alert, "
                + "e to end the episode, b to go back, q to quit (the client view needs the full-screen "
                + "review, key v): "
        case .session:
            guard let s = state.detail else { return notice + "b to go back: " }
            return session(s.detail) + notice + "b to go back, q to quit: "
        }
    }

    static func caseload(_ c: CaseloadState) -> String {
        let entries = c.visibleEntries
        var out = "\nCaseload" + (c.filter.isEmpty ? "" : " (filter: \(c.filter))")
        out += " · \(entries.count) client\(entries.count == 1 ? "" : "s")\n"
        let lines = CaseloadEntry.table(entries).split(separator: "\n", omittingEmptySubsequences: false)
        let width = String(entries.count).count
        for (i, line) in lines.enumerated() where !line.isEmpty {
            let number = i >= 2 && i - 2 < entries.count ? String(i - 1) + "." : ""
            out += number.padding(toLength: width + 2, withPad: " ", startingAt: 0) + line + "\n"
        }
        if c.problems > 0 {
            out += "\(c.problems) file\(c.problems == 1 ? "" : "s") could not be read (rapport check).\n"
        }
        return out
    }

    static func dashboard(_ d: DashboardState) -> String {
        let data = d.data
        var out = "\nClient \(data.client)\n"
        let alerts = data.entry.alerts.map(\.shortText)
        out += "Alerts: " + (alerts.isEmpty ? "none" : alerts.joined(separator: ", ")) + "\n"
        out += "Outcome: \(data.entry.outcomeText)\n"
        let charts = data.charts
        for kind in ReviewChartKind.allCases {
            out += "\(kind.title): \(charts.chart(kind, colorMode: .none).sentence)\n"
        }
        let sessions = data.summary.sessions
        out += "Sessions:\n"
        if sessions.isEmpty { out += "  (none)\n" }
        for (i, s) in sessions.enumerated() {
            let notes = data.notes(session: s.session).count
            out +=
                "  \(i + 1). session \(s.session), \(s.date.rawValue)"
                + (notes > 0 ? " · \(notes) note\(notes == 1 ? "" : "s")" : "") + "\n"
        }
        if let code = d.code {
            let f = DateFormatter()
            f.dateFormat = "HH:mm"
            out +=
                "Kiosk code for \(code.client): \(code.code) (one battery, valid until \(f.string(from: code.expiresAt)))\n"
        }
        return out
    }

    /// Answering an alert (`r`): the response, then for a disagreement the reason.
    static func answer(_ entry: AlertAnswerEntry) -> String {
        let notice = entry.notice.map { "! \($0)\n" } ?? ""
        if entry.reason != nil {
            return notice + "Why do you disagree? Type the reason (empty line: cancel): "
        }
        return "\nAlert: \(entry.alert.wording)\n" + notice
            + "s seen, d discussed, p plan changed, x disagree (empty line: cancel): "
    }

    /// Ending the episode (`e`): the reason by number, then a confirmation.
    static func discharge(_ entry: DischargeEntry) -> String {
        let notice = entry.notice.map { "! \($0)\n" } ?? ""
        if entry.confirming {
            return notice
                + "End episode \(entry.episode) on \(entry.date.rawValue) (\(DischargeEntry.words(entry.reason)))? "
                + "y to end it, n to choose again: "
        }
        var out = "\nEnd episode \(entry.episode) on \(entry.date.rawValue), its last session. Why did it end?\n"
        for (i, reason) in DischargeEntry.reasons.enumerated() {
            out += "  \(i + 1). \(DischargeEntry.words(reason))\n"
        }
        return out + notice + "Type the reason's number (empty line: cancel): "
    }

    static func session(_ detail: SessionDetail) -> String {
        var out = "\nClient \(detail.client) · session \(detail.session)"
        if let date = detail.date { out += ", \(date.rawValue)" }
        if let previous = detail.previousSession { out += " (previous: session \(previous))" }
        out += "\n"
        if detail.rows.isEmpty { out += "  (no answers)\n" }
        for row in detail.rows {
            let answer = row.answer.map { "\($0)" + (row.answerLabel.map { " \($0)" } ?? "") } ?? "no answer"
            var line = "  \(row.instrument) \(row.item). \(row.text) — \(answer)"
            if let previous = row.previous { line += " (before: \(previous))" }
            if row.riskFlagged { line += " [risk]" }
            out += line + "\n"
        }
        for note in detail.notes { out += "  Note: \(note)\n" }
        return out
    }
}

/// Maps one typed line of `review --plain` to review actions (nil: not understood).
public enum PlainReviewBindings {
    public static func actions(for rawLine: String, in state: ReviewState) -> [ReviewAction]? {
        let line = rawLine.trimmingCharacters(in: .whitespaces)
        switch state.screen {
        case .locked:
            if rawLine.isEmpty { return [.quitRequested] }
            return rawLine.map { .characterTyped($0) } + [.confirmRequested]
        case .loading:
            return []
        case .caseload:
            if line == "q" { return [.quitRequested] }
            if line.hasPrefix("/") {
                let text = line.dropFirst().trimmingCharacters(in: .whitespaces)
                let erase = Array(repeating: ReviewAction.characterErased, count: state.caseload.filter.count)
                return [.filterRequested] + erase + text.map { .characterTyped($0) } + [.confirmRequested]
            }
            let entries = state.caseload.visibleEntries
            let index: Int?
            if let n = Int(line), n >= 1, n <= entries.count {
                index = n - 1
            } else {
                index = entries.firstIndex { $0.client.rawValue.lowercased() == line.lowercased() }
            }
            guard let index else { return nil }
            return [.highlightMoved(index - state.caseload.selected), .confirmRequested]
        case .dashboard:
            if let entry = state.dashboard?.answer { return answer(rawLine, entry) }
            if let entry = state.dashboard?.discharge { return discharge(line, entry) }
            switch line {
            case "q": return [.quitRequested]
            case "b", "": return [.backRequested]
            case "c": return [.codeRequested]
            case "r": return [.answerRequested]
            case "e": return [.dischargeRequested]
            default: break
            }
            guard let d = state.dashboard, let n = Int(line), n >= 1, n <= d.data.summary.sessions.count else {
                return nil
            }
            return [.highlightMoved(n - 1 - d.selectedSession), .confirmRequested]
        case .session:
            switch line {
            case "q": return [.quitRequested]
            case "b", "": return [.backRequested]
            default: return nil
            }
        }
    }

    /// A line while answering an alert: a response key; after `x`, the reason. Empty: cancel.
    static func answer(_ rawLine: String, _ entry: AlertAnswerEntry) -> [ReviewAction]? {
        let line = rawLine.trimmingCharacters(in: .whitespaces)
        if line.isEmpty { return [.backRequested] }
        if entry.reason != nil { return line.map { .characterTyped($0) } + [.confirmRequested] }
        guard line.count == 1, let key = line.first else { return nil }
        return [.characterTyped(key)]
    }

    /// A line while ending an episode: the reason's number, then y or n. Empty: back.
    static func discharge(_ line: String, _ entry: DischargeEntry) -> [ReviewAction]? {
        if entry.notice != nil { return [] }  // saving
        if entry.confirming {
            switch line.lowercased() {
            case "y", "yes": return [.confirmRequested]
            case "n", "no", "": return [.backRequested]
            default: return nil
            }
        }
        if line.isEmpty { return [.backRequested] }
        guard let n = Int(line), n >= 1, n <= DischargeEntry.reasons.count else { return nil }
        return [.highlightMoved(n - 1 - entry.reasonIndex), .confirmRequested]
    }
}
