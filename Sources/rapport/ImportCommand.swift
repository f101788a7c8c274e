import ArgumentParser
import Formats
import Foundation
import Instruments
import Store

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Enter many completed forms at once (a CSV of item answers or REDCap records).",
        discussion: """
            csv: the table of item answers that `export --format csv --items` writes (client_id, session, \
            session_date, rater, instrument, instrument_version, item, answer, administered_at, therapist, \
            language; client_id, session_date, instrument, item and answer are required; an empty answer is a \
            missing answer). redcap: the records CSV that `export --format redcap` writes. Every form is \
            checked as `record` checks one (instrument, rater, answers, dates, session order, one form per \
            instrument and rater a day); one bad row and nothing is written (exit 65, the row named as in a \
            spreadsheet, the header being row 1). Clients that do not exist yet are created. The import is \
            logged as one audit line.
            """)

    @Option(help: "csv or redcap.") var format: FormImport.Format
    @Option(help: "Where the forms come from: import (default) or paper.") var source: String = "import"
    @Argument(help: "The file to read.") var file: String
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let origin: RecordSource
            switch source {
            case "import": origin = .import
            case "paper": origin = .paper
            default: throw CLIError("--source must be import or paper", code: Exit.usage)
            }
            let store = try data.store()
            let catalog = try data.catalog()
            let bytes: Data
            do {
                bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CLIError("cannot read \(file)", code: Exit.noInput)
            }
            guard let text = String(data: bytes, encoding: .utf8) else {
                throw CLIError("\(file): not UTF-8 text", code: Exit.dataError)
            }
            do {
                let forms = try FormImport.read(text, format: format, catalog: catalog)
                let plan = try FormImport.plan(forms, store: store, source: origin, now: store.clock.now())
                let count = try FormImport.write(plan, store: store)
                let created = plan.clients.filter(\.create).count
                writeStdout(
                    "Imported \(count) form\(count == 1 ? "" : "s") for \(plan.clients.count) client\(plan.clients.count == 1 ? "" : "s")"
                        + (created > 0 ? " (\(created) new)" : "") + "\n")
            } catch let error as ImportError {
                throw CLIError("\(file): \(error.description); nothing was imported", code: Exit.dataError)
            }
        }
    }
}

extension FormImport.Format: ExpressibleByArgument {}
