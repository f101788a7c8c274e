import ArgumentParser
import Formats
import Foundation
import Instruments
import Store

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export tidy data for analysis (CSV) or every record (JSON).",
        discussion: """
            CSV: one row per administration × scale (client_id, session, session_date, rater, instrument, \
            instrument_version, scale, score, band, valid, administered_at, therapist, episode, language, \
            source, prorated, risk, risk_unanswered); --items gives one row per item answer instead, --wide \
            one row per administration with a column per scale. Rows are in date order and `session` is the \
            session's number in date order. Missing values are empty cells. Superseded (corrected) records \
            are left out of CSV; JSON holds every record as stored. --deidentify replaces client ids and \
            therapists by pseudonyms keyed with the clinic's salt and shifts each client's dates by a \
            stable offset (see docs/export.md).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, fhir, redcap }

    @Option(help: "csv, json, fhir (a FHIR R4 Bundle) or redcap (a REDCap import CSV).") var format: Format
    @Option(help: "Only this client.") var client: String?
    @Flag(help: "CSV: one row per item answer.") var items = false
    @Flag(help: "CSV: one row per administration, one column per scale.") var wide = false
    @Option(help: "Only sessions dated on or after this day (YYYY-MM-DD).") var from: String?
    @Option(help: "Only sessions dated on or before this day (YYYY-MM-DD).") var to: String?
    @Flag(help: "CSV: pseudonymous client ids and therapists, dates shifted per client, no notes.") var deidentify =
        false
    @Option(
        name: .customLong("notes-output"),
        help:
            "CSV: also write the therapists' notes (client_id, session, session_date, therapist, episode, text) to this file."
    )
    var notesOutput: String?
    @Option(help: "Write to this file (0600) instead of stdout.") var output: String?
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var formatOptions: ExportFormatOptions

    /// The --from/--to dates; a bad date is a usage error naming the option.
    func dateRange() throws -> (from: SessionDate?, to: SessionDate?) {
        func parse(_ raw: String?, _ name: String) throws -> SessionDate? {
            guard let raw else { return nil }
            guard let d = try? SessionDate(raw) else {
                throw CLIError(
                    "--\(name): invalid date '\(String(raw.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(20).map(Character.init)))': use YYYY-MM-DD",
                    code: Exit.usage)
            }
            return d
        }
        let range = (try parse(from, "from"), try parse(to, "to"))
        if let f = range.0, let t = range.1, f > t {
            throw CLIError("--from \(f) is after --to \(t)", code: Exit.usage)
        }
        return range
    }

    func checkOptions() throws {
        if items && format != .csv { throw CLIError("--items applies to CSV only", code: Exit.usage) }
        if wide && format != .csv { throw CLIError("--wide applies to CSV only", code: Exit.usage) }
        if deidentify && format != .csv { throw CLIError("--deidentify applies to CSV only", code: Exit.usage) }
        if notesOutput != nil && format != .csv {
            throw CLIError("--notes-output applies to CSV only", code: Exit.usage)
        }
        if items && wide { throw CLIError("--items and --wide cannot be combined", code: Exit.usage) }
        if deidentify && notesOutput != nil {
            throw CLIError("--deidentify leaves notes out: --notes-output cannot be combined with it", code: Exit.usage)
        }
    }

    func run() throws {
        try reporting {
            try checkOptions()
            let range = try dateRange()
            if format == .fhir || format == .redcap { return try runInteroperable(range) }
            let signed = try signIn.signIn(data)
            let store = signed.store
            let ids = try chosenIDs(signed)
            let single = ids.count == 1 && client != nil ? ids.first : nil
            if format == .json {
                var all: [AdministrationRecord] = []
                for id in ids {
                    guard let records = try readRecords(store, id) else { continue }
                    all += records
                }
                let chosen = all.filter { r in TidyOptions(from: range.from, to: range.to).includes(r.sessionDate) }
                var out = try StoreCoding.encoder().encode(ExportDocument(records: chosen))
                out.append(0x0A)
                // Logged before any data leaves: an export that cannot be audited does not happen.
                try store.audit.append(.exportRun, role: .admin, client: single, count: chosen.count)
                return try writeOutput(out, to: output)
            }
            let progress = ProgressLine("export")
            var clients: [TidyClient] = []
            for (index, id) in ids.enumerated() {
                progress.update(index, of: ids.count)
                do {
                    let (c, problems) = try TidyClient.load(store, id)
                    for p in problems { writeStderr("rapport: warning: skipped \(p)") }
                    clients.append(c)
                } catch {
                    // One unreadable client does not stop an export of the others.
                    if client != nil { throw error }
                    writeStderr("rapport: warning: skipped client \(id): \(error)")
                }
            }
            progress.finish()
            let layout: TidyOptions.Layout = items ? .items : wide ? .wide : .long
            let deidentifier = deidentify ? Deidentifier(salt: try Deidentifier.clinicSalt(store)) : nil
            let options = TidyOptions(layout: layout, from: range.from, to: range.to, deidentifier: deidentifier)
            let table = TidyCSV.render(clients, options: options)
            let notes = notesOutput.map { _ in TidyCSV.notes(clients, options: options) }
            // Logged before any data leaves: an export that cannot be audited does not happen.
            try store.audit.append(.exportRun, role: .admin, client: single, count: table.administrations)
            if let notes { try store.audit.append(.exportRun, role: .admin, client: single, count: notes.notes) }
            try writeOutput(Data(table.csv.utf8), to: output)
            if let notes, let notesOutput { try writeOutput(Data(notes.csv.utf8), to: notesOutput) }
        }
    }

    /// The chosen client (which must exist and be visible) or every client the account may see.
    func chosenIDs(_ signed: SignedInStore) throws -> [ClientID] {
        if let client {
            let id = try clientID(client)
            try signed.require(id)
            return [id]
        }
        return try signed.clientIDs()
    }

    /// Every record of a client as stored, in date order; nil (with a warning) for an unreadable
    /// client in an export of all clients.
    func readRecords(_ store: DataStore, _ id: ClientID) throws -> [AdministrationRecord]? {
        let records: [AdministrationRecord]
        let problems: [StoreProblem]
        do {
            (records, problems) = try store.records(id)
        } catch {
            if client != nil { throw error }
            writeStderr("rapport: warning: skipped client \(id): \(error)")
            return nil
        }
        for p in problems { writeStderr("rapport: warning: skipped \(p)") }
        return records.sorted { ($0.sessionDate.rawValue, $0.id) < ($1.sessionDate.rawValue, $1.id) }
    }
}
