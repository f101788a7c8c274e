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

    enum Format: String, ArgumentChoice { case csv, json, fhir, redcap }

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
            if let base = formatOptions.fhirBase, format == .fhir || format == .redcap, URL(string: base)?.scheme == nil
            {
                throw CLIError("--fhir-base must be an absolute URL", code: Exit.usage)
            }
            let signed = try signIn.signIn(data)
            let exportFormat: ExportRequest.Format
            switch format {
            case .csv: exportFormat = .csv(items ? .items : wide ? .wide : .long)
            case .json: exportFormat = .json
            case .redcap: exportFormat = .redcap(try data.catalog())
            case .fhir:
                exportFormat = .fhir(
                    try data.catalog(),
                    .init(
                        canonicalBase: formatOptions.fhirBase ?? FHIRExporter.defaultBase,
                        includeRestrictedText: formatOptions.includeLicensedText),
                    now: Date())
            }
            let request = ExportRequest(
                format: exportFormat, clients: try chosenIDs(signed), named: client != nil, from: range.from,
                to: range.to, deidentify: deidentify, notes: notesOutput != nil)
            let progress = ProgressLine("export")
            let result = try Export.run(request, store: signed.store, progress: progress.update)
            progress.finish()
            for warning in result.warnings { writeStderr("rapport: warning: skipped \(warning)") }
            try result.write(to: output, notesTo: notesOutput) { FileHandle.standardOutput.write($0) }
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
}
