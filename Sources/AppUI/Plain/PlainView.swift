import AppCore
import Instruments

/// The `--plain` rendering of a state: the same content as the screens, as lines of text ending
/// with a prompt, for screen readers, `TERM=dumb` and scripts.
public enum PlainView {
    /// The text to print before reading the next line.
    public static func prompt(_ state: AppState) -> String {
        if state.showingHelp {
            let keys = HelpView.lines(for: state).map { "  \($0.0)  \($0.1)" }.joined(separator: "\n")
            return "Keys (type them, then Enter; an empty line is Enter):\n\(keys)\nPress Enter to go on: "
        }
        switch state.phase {
        case .home(_, let notice):
            let menu = HomeChoice.allCases.map { "  \($0.rawValue + 1). \($0.title)" }.joined(separator: "\n")
            return noticeLine(notice) + "rapport\n\(menu)\nChoose 1–4 (q to quit): "
        case .clientPrompt(let entry, let rater):
            return noticeLine(entry.notice)
                + "Client id (\(rater.rawValue) rates; add ' t' to switch who rates): "
        case .welcome(let entry):
            return noticeLine(entry.notice) + "Welcome. Type the 6-digit code your therapist gave you: "
        case .unlock(let entry):
            return noticeLine(entry.notice) + "Therapist passphrase to leave the kiosk (empty line: back): "
        case .opening:
            return "Opening…\n"
        case .questionnaire(let q):
            return questionnaire(q, mode: state.mode)
        case .thanks(let farewell):
            var lines = ["", "Thank you. Your answers have been saved."]
            if farewell.riskFlagged { lines.append("Your therapist will talk with you today.") }
            for s in farewell.scores {
                lines.append(
                    "\(s.title) \(s.scaleLabel.lowercased()): \(s.score.map(ThanksView.formatScore) ?? "—")"
                        + (s.band.map { " (\($0))" } ?? ""))
            }
            lines.append(
                state.mode == .kiosk
                    ? "The next person can start now." : "Please hand the terminal back to your therapist.")
            return lines.joined(separator: "\n") + "\nPress Enter to finish: "
        case .message(let notice):
            return "\n\(notice.title): \(notice.text)\nPress Enter to go on: "
        }
    }

    static func noticeLine(_ notice: String?) -> String {
        guard let notice, !notice.isEmpty else { return "" }
        return "! \(notice)\n"
    }

    static func questionnaire(_ q: Questionnaire, mode: AppMode) -> String {
        let inst = q.instrument
        let quit = mode == .kiosk ? "" : ", q to quit"
        var out = ""
        switch q.step {
        case .intro:
            out += "\n== \(inst.title) ==\n"
            out += "Questionnaire \(q.index + 1) of \(q.instruments.count) · \(inst.items.count) items\n"
            out += Instrument.fill(inst.instructions, names: q.names) + "\n"
            out += noticeLine(q.notice)
            out += "Press Enter to begin (? for keys\(quit)): "
        case .item(let i):
            let item = inst.items[i]
            out += "\nItem \(i + 1) of \(inst.items.count) · questionnaire \(q.index + 1) of \(q.instruments.count)\n"
            if let stem = inst.stem { out += Instrument.fill(stem, names: q.names) + "\n" }
            out += "\(item.number). \(inst.text(of: item, names: q.names))\n"
            for option in inst.responseScale {
                out += "  \(option.value)  \(option.label)\n"
            }
            if let v = q.answer(at: i) { out += "Current answer: \(v). An empty line keeps it.\n" }
            out += noticeLine(q.notice)
            let skip = q.canSkip(at: i) ? ", s to skip" : ""
            out += "Answer \(QuestionnaireReducer.rangeText(inst))\(skip), b to go back, ? for keys\(quit): "
        case .review:
            out += "\nYour answers · \(inst.title)\n"
            for (i, item) in inst.items.enumerated() {
                let answer: String
                if let v = q.answer(at: i) {
                    answer = "\(v) \(inst.label(for: v) ?? "")"
                } else {
                    answer = q.isSkipped(at: i) ? "skipped" : "—"
                }
                out += "  \(item.number). \(inst.text(of: item, names: q.names)) — \(answer)\n"
            }
            out += noticeLine(q.notice)
            out += "Type an item number to change it, or press Enter to submit (b to go back\(quit)): "
        case .riskNotice:
            out += "\n" + RiskNoticeView.text + "\nPress Enter to continue: "
        }
        return out
    }
}
