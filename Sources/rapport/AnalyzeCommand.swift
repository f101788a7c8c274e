import Analytics
import ArgumentParser
import Foundation
import Instruments
import Numbers
import Store

/// `rapport analyze`: the clinical analytics of docs/analytics.md, as a readable report or JSON.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract:
            "Ruptures and repairs, outcome change, client–therapist gap, attachment; alliance–outcome and mediation.",
        discussion: """
            Per client: possible ruptures and repairs in the client- and therapist-rated WAI-SR totals, ceiling \
            pattern, subscale divergence, client–therapist gap, reliable and clinically significant change of each \
            outcome measure, and the attachment profile. Across the caseload (without --client): Pearson r between \
            the alliance and the outcome's residual gain, and the mediation identification → alliance → outcome.

            Every rule, its source and its defaults: docs/analytics.md. The words are prompts for a conversation, \
            never a diagnosis. JSON numbers are unrounded.
            """)

    enum SDSource: String, ExpressibleByArgument, CaseIterable {
        case client, caseload, stricter
    }

    @Option(help: "Only this client (the caseload analyses are then left out).") var client: String?
    @Flag(help: "Print JSON instead of the readable report.") var json = false
    @Option(help: "The alliance session used for the caseload analyses.") var session: Int = 3
    @Flag(help: "Use each client's mean alliance instead of one session.") var meanAlliance = false
    @Option(help: "The outcome instrument of the caseload analyses.") var outcome: String = "phq-9"
    @Option(help: "Bootstrap resamples for the indirect effect.") var resamples: Int = Mediation.defaultResamples
    @Option(help: "Bootstrap seed.") var seed: UInt64 = Mediation.defaultSeed
    @Option(help: "SD for the Stiles/Strauss rupture rules: client, caseload or stricter.") var sd: SDSource = .stricter
    @Option(help: "Flag alliance totals below this level (off by default).") var allianceCutoff: Double?
    @Option(
        help: "Flag session-to-session alliance drops of at least this much (off: the WAI-SR has no published value).")
    var allianceReliableChange: Double?
    @Option(help: "Comma-separated WAI-SR scales searched for ruptures (total, goal, task, bond).")
    var ruptureScales: String = "total"
    @Option(help: "Sessions within which a return to the pre-drop level counts as a repair.") var repairWindow: Int = 3
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func validate() throws {
        guard session >= 1 else { throw ValidationError("--session must be 1 or more") }
        guard (0...1_000_000).contains(resamples) else { throw ValidationError("--resamples must be 0 to 1000000") }
        guard repairWindow >= 1 else { throw ValidationError("--repair-window must be 1 or more") }
        if let allianceCutoff, !allianceCutoff.isFinite { throw ValidationError("--alliance-cutoff must be a number") }
        if let allianceReliableChange, !(allianceReliableChange > 0 && allianceReliableChange.isFinite) {
            throw ValidationError("--alliance-reliable-change must be a positive number")
        }
    }

    func run() throws {
        try reporting {
            let signed = try signIn.signIn(data)
            let store = signed.store
            let catalog = try data.catalog()
            guard let outcomeInstrument = try? catalog.instrument(outcome) else {
                throw CLIError("unknown outcome instrument '\(outcome)'", code: Exit.usage)
            }
            guard outcomeInstrument.reliableChange != nil || outcomeInstrument.cutoff != nil else {
                throw CLIError(
                    "'\(outcome)' is not an outcome measure (no cutoff or reliable change)", code: Exit.usage)
            }
            if let client {
                try signed.view(try clientID(client))
            }
            let scales = try ruptureScaleList(catalog: catalog)
            var options = self.options
            options.ruptureScales = scales
            let report = try FeedbackReport.build(
                store: store, catalog: catalog, options: options, only: client, visibility: signed.visibility)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                var out = try encoder.encode(report)
                out.append(0x0A)
                FileHandle.standardOutput.write(out)
            } else {
                writeStdout(AnalyzeText.render(report))
            }
        }
    }

    /// The `--rupture-scales` list, each a scale of the client and therapist alliance instruments.
    func ruptureScaleList(catalog: InstrumentCatalog) throws -> [String] {
        let list = ruptureScales.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !list.isEmpty else { throw CLIError("--rupture-scales needs at least one scale", code: Exit.usage) }
        let defaults = AnalysisOptions.standard
        for id in [defaults.clientAlliance, defaults.therapistAlliance] {
            guard let instrument = try? catalog.instrument(id) else { continue }
            for scale in list where instrument.scale(scale) == nil {
                throw CLIError("'\(scale)' is not a scale of \(id)", code: Exit.usage)
            }
        }
        var seen = Set<String>()
        return list.filter { seen.insert($0).inserted }
    }

    var options: AnalysisOptions {
        var rupture = RuptureConfig.standard
        rupture.deviationSource =
            switch sd {
            case .client: .client
            case .caseload: .caseload
            case .stricter: .stricterOfBoth
            }
        rupture.levelCutoff = allianceCutoff
        rupture.reliableChange = allianceReliableChange
        rupture.repairWindow = repairWindow
        return AnalysisOptions(
            rupture: rupture, caseloadOutcome: outcome,
            allianceMeasure: meanAlliance ? .mean : .session(session), resamples: resamples, seed: seed)
    }
}

/// The readable report of `rapport analyze`.
enum AnalyzeText {
    static func render(_ report: CaseloadReport) -> String {
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

    static func client(_ c: ClientAnalysis) -> String {
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
    static func episodeLines(_ episodes: [EpisodeAnalysis]) -> String {
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
    static func feedbackLines(_ f: ClientFeedback?) -> String {
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
    static func feedbackSummary(_ f: FeedbackSummary) -> String {
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

    static func excludedLines(_ excluded: [ExcludedClient]) -> String {
        guard !excluded.isEmpty else { return "" }
        var out = "  excluded (\(excluded.count)):\n"
        for e in excluded { out += "    \(e.clientID): \(e.reason)\n" }
        return out
    }

    static func fmt3(_ v: Double) -> String { NumberText.fixed(v, decimals: 3) }

    static func fmtP(_ p: Double?) -> String {
        guard let p else { return "—" }
        return p < 0.001 ? "< .001" : NumberText.fixed(p, decimals: 3)
    }
}
