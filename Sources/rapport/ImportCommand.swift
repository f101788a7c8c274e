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
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let origin: RecordSource
            switch source {
            case "import": origin = .import
            case "paper": origin = .paper
            default: throw CLIError("--source must be import or paper", code: Exit.usage)
            }
            let signed = try signIn.signIn(data)
            let store = signed.store
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
                // With accounts: only clients the signed-in account may see (any other existing
                // one is reported as unknown, before anything of it is read), and new clients go
                // to the signed-in account's caseload (the file's therapist column is a name).
                if signed.signedIn != nil {
                    for id in Set(forms.map(\.clientId)).sorted(by: { $0.rawValue < $1.rawValue })
                    where store.fs.exists(store.layout.client(id)) {
                        try signed.require(id)
                    }
                }
                var plan = try FormImport.plan(forms, store: store, source: origin, now: store.clock.now())
                if let account = signed.signedIn?.account.id {
                    for i in plan.clients.indices where plan.clients[i].create {
                        plan.clients[i].therapist = account.rawValue
                    }
                }
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
