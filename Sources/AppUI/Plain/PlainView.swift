import AppCore
import Instruments

/// The `--plain` rendering of a state: the same content as the screens, as lines of text ending
/// with a prompt, for screen readers, `TERM=dumb` and scripts.
public enum PlainView {
    /// The text to print before reading the next line.
    /// With `showNotice` false the screen's notice is left out (it was already printed, and a
    /// line that was not understood says so itself).
    public static func prompt(_ state: AppState, showNotice: Bool = true) -> String {
        if state.askingPresence {
            return "\nAre you still there? Press Enter to go on with the questions "
                + "(otherwise they close in \(state.settings.presenceLimit) seconds): "
        }
        if state.showingHelp {
            let keys = commands(for: state).map { "  \($0.0)  \($0.1)" }.joined(separator: "\n")
            return "Commands (type one, then Enter):\n\(keys)\nPress Enter to go on: "
        }
        var state = state
        if !showNotice { state = withoutNotice(state) }
        switch state.phase {
        case .home(_, let notice):
            let menu = HomeChoice.allCases.map { "  \($0.rawValue + 1). \($0.title)" }.joined(separator: "\n")
            return noticeLine(notice) + "rapport\n\(menu)\nChoose \(HomeChoice.range) (q to quit): "
        case .clientPrompt(let entry, let rater):
            return noticeLine(entry.notice)
                + "Client id (\(rater.rawValue) rates; add ' t' to switch who rates): "
        case .welcome(let entry):
            return noticeLine(entry.notice) + "Welcome. Type the 6-digit code your therapist gave you: "
        case .unlock(let entry):
            return noticeLine(entry.notice) + "Therapist passphrase to leave the kiosk (empty line: back): "
        case .locked(let lock):
            let back = lock.paused != nil ? " (empty line: back to the questions)" : ""
            return "\n" + lock.message + "\n" + noticeLine(lock.entry.notice) + "Therapist passphrase\(back): "
        case .form(let form):
            return noticeLine(form.entry.notice) + "\(form.title). \(form.label) (q: back to the menu) "
        case .opening:
            return "Opening…\n"
        case .questionnaire(let q):
            return questionnaire(q, mode: state.mode)
        case .thanks(let farewell):
            var lines = ["", ClientWording.saved]
            if farewell.rater == .client { lines.append(ClientWording.supportAtEnd) }
            for s in farewell.scores {
                lines.append(
                    "\(s.title) \(s.scaleLabel.lowercased()): \(s.score.map(ThanksView.formatScore) ?? "—")"
                        + (s.band.map { " (\($0))" } ?? ""))
            }
            if state.mode == .kiosk {
                lines.append("The next person can start now.")
            } else if farewell.rater == .client {
                lines.append("Please hand the terminal back to your therapist.")
            }
            return lines.joined(separator: "\n") + "\nPress Enter to finish: "
        case .message(let notice):
            return "\n\(notice.title): \(notice.text)\nPress Enter to go on: "
        }
    }

    static func noticeLine(_ notice: String?) -> String {
        guard let notice, !notice.isEmpty else { return "" }
        return "! \(notice)\n"
    }

    /// The plain-mode commands of the current screen, for `?`.
    static func commands(for state: AppState) -> [(String, String)] {
        switch state.phase {
        case .questionnaire(let q):
            var rows: [(String, String)] = []
            switch q.step {
            case .intro:
                rows.append(("(empty line)", "begin"))
            case .item(let i):
                rows.append((QuestionnaireReducer.rangeText(q.instrument), "answer, then go on"))
                rows.append(
                    ("(empty line)", q.answer(at: i) == nil ? "nothing yet: type an answer" : "keep the answer"))
                if q.canSkip(at: i) { rows.append(("s", "skip this question")) }
            case .review:
                rows.append(("a number", "change that item"))
                rows.append(("(empty line)", "submit"))
            }
            rows.append(("b", "go back"))
            rows.append(("f", "finish later (answers are kept)"))
            if state.mode != .kiosk {
                rows.append(
                    q.rater == .client ? ("q", "leave (therapist passphrase)") : ("q", "quit (answers are kept)"))
            }
            rows.append(("?", "these commands"))
            return rows
        case .home:
            return [(HomeChoice.range, "open that entry"), ("q", "quit"), ("?", "these commands")]
        default:
            return [("(empty line)", "go on"), ("q", "quit or leave")]
        }
    }

    /// `state` with its screen's notice removed.
    static func withoutNotice(_ state: AppState) -> AppState {
        var s = state
        switch s.phase {
        case .home(let selected, _): s.phase = .home(selected: selected, notice: nil)
        case .clientPrompt(var e, let rater):
            e.notice = nil
            s.phase = .clientPrompt(e, rater: rater)
        case .welcome(var e):
            e.notice = nil
            s.phase = .welcome(e)
        case .unlock(var e):
            e.notice = nil
            s.phase = .unlock(e)
        case .locked(var lock):
            lock.entry.notice = nil
            s.phase = .locked(lock)
        case .form(var form):
            form.entry.notice = nil
            s.phase = .form(form)
        case .questionnaire(var q):
            q.notice = nil
            s.phase = .questionnaire(q)
        case .opening, .thanks, .message:
            break
        }
        return s
    }

    static func questionnaire(_ q: Questionnaire, mode: AppMode) -> String {
        let inst = q.shown  // texts in the client's language where a verified translation exists
        let quit = mode == .kiosk ? "" : (q.rater == .client ? ", q to leave" : ", q to quit")
        var out = ""
        switch q.step {
        case .intro:
            out += "\n== \(inst.title) ==\n"
            out += "Questionnaire \(q.index + 1) of \(q.instruments.count) · \(inst.items.count) items\n"
            if q.index > 0 && q.rater == .client { out += ClientWording.support + "\n" }
            out += q.instructions + "\n"
            out += noticeLine(q.notice)
            out += "Press Enter to begin (f to finish later, ? for commands\(quit)): "
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
            let skip = q.canSkip(at: i) && q.answer(at: i) == nil ? ", s to skip" : ""
            out +=
                "Answer \(QuestionnaireReducer.rangeText(inst))\(skip), b to go back, f to finish later, ? for commands\(quit): "
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
            out +=
                "Type an item number to change it, or press Enter to submit (b to go back, f to finish later\(quit)): "
        }
        return out
    }
}
