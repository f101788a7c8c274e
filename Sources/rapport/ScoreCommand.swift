import ArgumentParser
import Formats
import Foundation
import Instruments
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
                writeData(try ScoreDocument(result).jsonLine())
            } else {
                writeStdout(ScoreText.render(result, instrument: inst))
            }
        }
    }
}
