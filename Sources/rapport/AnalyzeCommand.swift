import Analytics
import ArgumentParser
import Formats
import Foundation
import Instruments
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

    enum SDSource: String, ArgumentChoice {
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
