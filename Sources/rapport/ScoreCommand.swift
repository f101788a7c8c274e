import ArgumentParser
import Foundation
import Instruments
import Numbers
import Store

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Score answers without storing anything.",
        discussion: """
            --answers are the chosen options' values on the instrument's response scale, in item order, \
            before any reverse keying, comma-separated; leave a place empty for a missing answer.
            """)

    @Option(help: "Instrument id (see 'rapport instruments list').") var instrument: String
    @Option(help: "Comma-separated answers, e.g. \"4,5,,3,…\".") var answers: String
    @Flag(help: "Print JSON.") var json = false
    @Option(name: .customLong("data-dir"), help: "Also look for clinic instruments in this data directory.")
    var dataDir: String?

    func run() throws {
        try reporting {
            let clinic = dataDir.map { DataLayout.resolve(explicit: $0, environment: [:]) + "/instruments" }
            let catalog = try Assets.catalog(clinic: clinic)
            let inst = try catalog.instrument(instrument)
            let result = try inst.score(try inst.parseAnswers(answers))
            if json {
                writeData(ScoreOutput.json(result))
            } else {
                writeStdout(ScoreOutput.text(result, instrument: inst))
            }
        }
    }
}

/// How scores are printed.
enum ScoreOutput {
    /// `{"instrument":…, "scores":{scale:number|null}, "band":…|null, "missing":[…], "prorated":bool, "valid":bool, "risk":[…], "riskUnanswered":[…]}`
    static func json(_ r: ScoreResult) -> String {
        func num(_ v: Double?) -> String { NumberText.json(v) }
        func str(_ s: String?) -> String {
            guard let s else { return "null" }
            let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        let scores = r.scales.map { "\(str($0.id)):\(num($0.score))" }.joined(separator: ",")
        return "{\"instrument\":\(str(r.instrument)),\"version\":\(str(r.version)),\"scores\":{\(scores)},"
            + "\"band\":\(str(r.band)),\"missing\":[\(r.missing.map(String.init).joined(separator: ","))],"
            + "\"prorated\":\(r.prorated),\"valid\":\(r.valid),\"risk\":[\(r.risk.map(String.init).joined(separator: ","))],"
            + "\"riskUnanswered\":[\(r.riskUnanswered.map(String.init).joined(separator: ","))]}\n"
    }

    static func text(_ r: ScoreResult, instrument: Instrument) -> String {
        var out = "\(instrument.shortTitle ?? instrument.title) (\(r.instrument) \(r.version))\n"
        for s in r.scales {
            let label = instrument.scale(s.id)?.label ?? s.id
            var line = "  \(label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(fmt(s.score))"
            if s.id == r.primaryScale, let band = r.band { line += "  (\(band))" }
            if !s.valid {
                line += "  invalid: \(s.missing.count) of \(s.missing.count + s.answered) items missing"
            } else if s.prorated {
                line += "  prorated"
            }
            out += line + "\n"
        }
        if !r.missing.isEmpty { out += "  missing items: \(r.missing.map(String.init).joined(separator: ", "))\n" }
        if !r.risk.isEmpty {
            out +=
                "  RISK: item \(r.risk.map(String.init).joined(separator: ", ")) answered above 0 — follow up today\n"
        }
        if !r.riskUnanswered.isEmpty {
            out +=
                "  RISK: item \(r.riskUnanswered.map(String.init).joined(separator: ", ")) not answered — ask in person\n"
        }
        return out
    }
}
