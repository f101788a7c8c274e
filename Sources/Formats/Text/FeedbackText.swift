import Analytics
import Store

/// The alert lines of `alert list` and `analyze`.
public enum AlertText {
    /// One line per alert (id, state, session, wording) and one per latest answer, each after `indent`.
    public static func lines(_ alerts: [FeedbackAlert], indent: String = "") -> String {
        var out = ""
        for a in alerts {
            let state =
                a.kind == .risk && a.answered ? "answered, open until acknowledged" : a.answered ? "answered" : "open"
            out +=
                "\(indent)\(a.id)  \(state)  session \(a.session.map(String.init) ?? "-") (latest \(a.evidenceDate))  \(a.wording)\n"
            if let r = a.latestResponse {
                out +=
                    "\(indent)  answer: \(r.response.label)\(r.reason.map { " — \($0)" } ?? "") (at \(r.evidenceDate))\n"
            }
        }
        return out
    }
}

/// The obstacle-check lines of `obstacles list` and `analyze`.
public enum ObstacleText {
    /// The answers in area order: "relationship no, motivation unsure, …".
    public static func answers(_ c: ObstacleCheck) -> String {
        ObstacleArea.allCases.compactMap { a in c.answers[a].map { "\(a.label) \($0.rawValue)" } }
            .joined(separator: ", ")
    }

    /// The date and answers, then one indented line per note.
    public static func line(_ c: ObstacleCheck) -> String {
        var out = "\(c.date)  \(answers(c))"
        for a in ObstacleArea.allCases { if let n = c.notes[a] { out += "\n  \(a.label): \(n)" } }
        return out
    }
}
