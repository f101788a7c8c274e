import Analytics
import Numbers
import Store

/// The readable report of `rapport analyze`.
public enum AnalyzeText {
    /// The whole report: each client, then the caseload analyses (alliance–outcome, alerts
    /// and answers, mediation) when the report has them.
    public static func render(_ report: CaseloadReport) -> String {
        var out = ""
        for c in report.clients {
            out += client(c)
            out += "\n"
        }
        if report.clients.isEmpty { out += "No clients.\n\n" }
        if let ao = report.allianceOutcome {
            out += "Alliance–outcome (alliance at \(ao.measure.label) vs residual gain)\n"
            if let r = ao.r {
                let ci = ao.ci.map { "95% CI \(fmt3($0[0])) to \(fmt3($0[1]))" } ?? "95% CI needs n ≥ 4"
                out += "  r = \(fmt3(r)), n = \(ao.n), \(ci), p = \(fmtP(ao.p))\n"
                out += "  (on a symptom measure a negative r means a stronger alliance went with more improvement)\n"
            } else {
                out += "  not enough data (n = \(ao.n))\n"
            }
            out += excludedLines(ao.excluded)
            out += "\n"
        }
        if let f = report.feedback, report.allianceOutcome != nil {
            out += feedbackSummary(f)
        }
        if let m = report.mediation {
            out += "Mediation: X = \(m.x)\n           M = \(m.m)\n           Y = \(m.y)\n"
            if let a = m.a, let b = m.b, let c = m.c, let cp = m.cPrime, let ab = m.indirect {
                out += "  n = \(m.n); a = \(fmt3(a)), b = \(fmt3(b)), c = \(fmt3(c)), c′ = \(fmt3(cp))\n"
                let ci = m.ci.map { "\(fmt3($0[0])) to \(fmt3($0[1]))" } ?? "—"
                out += "  indirect a·b = \(fmt3(ab)), 95% percentile bootstrap CI \(ci)"
                out += " (\(m.resamples) resamples, seed \(m.seed))\n"
            } else {
                out += "  not enough data (n = \(m.n))\n"
            }
            out += excludedLines(m.excluded)
            out += "\n"
        }
        return out
    }

    /// One client's block: alerts, possible ruptures, outcomes, episodes, feedback, gap, attachment.
    public static func client(_ c: ClientAnalysis) -> String {
        var out = "Client \(c.clientID) — \(c.sessions) session\(c.sessions == 1 ? "" : "s")\n"
        if c.alerts.isEmpty {
            out += "  No alerts.\n"
        } else {
            for alert in c.alerts {
                // Risk wordings already name their session.
                var at =
                    alert.kind == .risk || alert.kind == .riskNotAnswered
                    ? "" : alert.session.map { " (session \($0))" } ?? ""
                if let raters = alert.raters { at = at.isEmpty ? " (\(raters))" : at.dropLast() + "; \(raters))" }
                out += "  ! \(alert.wording)\(at)\n"
            }
        }
        if !c.ruptures.isEmpty {
            out += "  Possible ruptures:\n"
            for r in c.ruptures {
                let state =
                    r.repaired
                    ? "repaired at session \(r.repairedAt.map(String.init) ?? "?")"
                    : r.open ? "open" : "not repaired within the window"
                out += "    \(r.series) \(r.rule.rawValue): from session \(r.start), lowest at \(r.trough)"
                out += " (\(fmt(r.troughValue)), \(fmt(r.depth)) below \(fmt(r.preDropLevel))), \(r.length) session"
                out += "\(r.length == 1 ? "" : "s"), \(state)\n"
            }
        }
        for o in c.outcomes {
            out +=
                "  \(o.instrument): \(fmt(o.change.pre)) → \(fmt(o.change.post)) (sessions \(o.preSession)–\(o.postSession)),"
            out += " \(o.change.status.therapistWording)\n"
        }
        out += episodeLines(c.episodes)
        out += feedbackLines(c.feedback)
        if let gap = c.gap.scales.first(where: { $0.scale == "total" }) {
            out +=
                "  Client − therapist gap (total): mean \(fmt(gap.meanGap)), mean absolute \(fmt(gap.meanAbsoluteGap))"
            out += " over \(gap.sessions.count) session\(gap.sessions.count == 1 ? "" : "s")\n"
        }
        if let a = c.attachment, let last = a.points.last {
            out +=
                "  Attachment (\(c.attachmentInstrument ?? "")): anxiety \(fmt(last.anxiety)), avoidance \(fmt(last.avoidance))"
            out += " → \(last.quadrant.rawValue) (descriptive only — attachment is dimensional)\n"
        }
        return out
    }

    /// Per episode: its span, then per measure the class and the track in words.
    public static func episodeLines(_ episodes: [EpisodeAnalysis]) -> String {
        // A single open episode without any outcome score says nothing.
        guard episodes.contains(where: { !$0.measures.isEmpty || !$0.open }) else { return "" }
        var out = ""
        for e in episodes {
            let span = e.firstSession.map { f in "sessions \(f)–\(e.lastSession ?? f)" } ?? "no sessions"
            let end = e.discharged.map { "discharged \($0) (\(e.reason?.rawValue ?? "other"))" } ?? "open"
            out += "  Episode \(e.number) (\(span), \(end))\n"
            for m in e.measures {
                var line = "    \(m.instrument): "
                if let last = m.last, let base = m.baseline, let words = m.wording {
                    line += "\(fmt(base)) → \(fmt(last)), \(words)"
                } else {
                    line += "baseline \(fmt(m.baseline)) only"
                }
                line += " [\(m.criterion)]\n"
                let t = m.track
                line +=
                    "      track (tier \(t.tier.rawValue), \(t.tier.name), reference \(t.referenceSize)): \(t.wording)"
                if let expected = t.expected, let band = t.band {
                    line += "; expected \(fmt(expected)), band \(fmt(band[0]))–\(fmt(band[1]))"
                }
                line += "\n        \(t.explanation)\n"
                out += line
            }
            if let p = e.paired {
                var words =
                    p.reliableDeterioration
                    ? "reliable deterioration"
                    : p.reliableImprovement ? "reliable improvement" : "no reliable improvement"
                if let r = p.recovered {
                    words += r ? (p.reliableRecovery == true ? ", reliable recovery" : ", recovery") : ", not recovered"
                } else {
                    words += ", not at caseness at the start"
                }
                out += "    PHQ-9 + GAD-7 together: \(words)\n"
            }
        }
        return out
    }

    /// Per client: the answerable alerts with their answers, the obstacle check and the prompts.
    public static func feedbackLines(_ f: ClientFeedback?) -> String {
        guard let f else { return "" }
        var out = ""
        if !f.alerts.isEmpty {
            out += "  Alerts to answer:\n" + AlertText.lines(f.alerts, indent: "    ")
        }
        if let o = f.obstacles {
            out += "  Obstacle check (\(o.date)): \(ObstacleText.answers(o))\n"
        }
        if !f.prompts.isEmpty {
            out += "  Prompts (therapist only):\n"
            for p in f.prompts { out += "    - \(p.text) [\(p.evidence.rawValue): \(p.citation)]\n" }
        }
        return out
    }

    /// The caseload's flag rate and how flags were answered.
    public static func feedbackSummary(_ f: FeedbackSummary) -> String {
        var out = "Alerts and answers\n"
        let share = f.flaggedShare.map { " (\(NumberText.fixed($0 * 100, decimals: 0))%)" } ?? ""
        out += "  clients flagged: \(f.flaggedClients) of \(f.clients)\(share)\n"
        let kinds = FeedbackAlertKind.allCases.map { "\($0.rawValue) \(f.alertsByKind[$0.rawValue] ?? 0)" }
        out +=
            "  alerts: \(f.alerts) (\(kinds.joined(separator: ", "))); answered \(f.answered), still open \(f.nagging)\n"
        let answers = AlertResponseKind.allCases.map { "\($0.rawValue) \(f.responses[$0.rawValue] ?? 0)" }
        out += "  answers (latest per alert): \(answers.joined(separator: ", "))\n\n"
        return out
    }

    /// The clients left out of a caseload analysis, with the reason.
    public static func excludedLines(_ excluded: [ExcludedClient]) -> String {
        guard !excluded.isEmpty else { return "" }
        var out = "  excluded (\(excluded.count)):\n"
        for e in excluded { out += "    \(e.clientID): \(e.reason)\n" }
        return out
    }

    /// Three decimals, as the caseload statistics are given.
    static func fmt3(_ v: Double) -> String { NumberText.fixed(v, decimals: 3) }

    /// A p value: three decimals, `< .001` below that, `—` for none.
    static func fmtP(_ p: Double?) -> String {
        guard let p else { return "—" }
        return p < 0.001 ? "< .001" : NumberText.fixed(p, decimals: 3)
    }

    /// A number for people (``Numbers/NumberText/readable(_:)``).
    static func fmt(_ v: Double?) -> String { NumberText.readable(v) }
}
