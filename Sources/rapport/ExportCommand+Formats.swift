import ArgumentParser
import Formats
import Foundation
import Instruments
import Store

/// Options of `export` for the formats of other systems.
struct ExportFormatOptions: ParsableArguments {
    @Flag(
        name: .customLong("include-licensed-text"),
        help:
            "FHIR: include item texts whose licence restricts redistribution (WAI family); only with the copyright holder's permission."
    )
    var includeLicensedText = false
    @Option(
        name: .customLong("fhir-base"), help: "FHIR: base of the canonical URLs (default \(FHIRExporter.defaultBase)).")
    var fhirBase: String?
}

extension ExportCommand {
    /// The current records of the chosen clients; an unreadable client is skipped with a warning
    /// unless it was asked for by name.
    func currentRecords(_ signed: SignedInStore) throws -> (ids: [ClientID], records: [AdministrationRecord]) {
        let store = signed.store
        let ids = try chosenIDs(signed)
        let progress = ProgressLine("export")
        var out: [AdministrationRecord] = []
        for (index, id) in ids.enumerated() {
            progress.update(index, of: ids.count)
            let records: [AdministrationRecord]
            let problems: [StoreProblem]
            do {
                (records, problems) = try store.records(id)
            } catch {
                // One unreadable client does not stop an export of the others.
                if client != nil { throw error }
                writeStderr("rapport: warning: skipped client \(id): \(error)")
                continue
            }
            for p in problems { writeStderr("rapport: warning: skipped \(p)") }
            out += AdministrationRecord.current(records)
        }
        progress.finish()
        return (ids, out)
    }

    func runInteroperable(_ range: (from: SessionDate?, to: SessionDate?)) throws {
        if let base = formatOptions.fhirBase, URL(string: base)?.scheme == nil {
            throw CLIError("--fhir-base must be an absolute URL", code: Exit.usage)
        }
        let signed = try signIn.signIn(data)
        let store = signed.store
        let catalog = try data.catalog()
        let (ids, all) = try currentRecords(signed)
        let dates = TidyOptions(from: range.from, to: range.to)
        let records = all.filter { dates.includes($0.sessionDate) }
        let out: Data
        let exported: Int
        if format == .redcap {
            let result = REDCapRecords.export(records: records, catalog: catalog)
            for s in result.skipped { writeStderr("rapport: warning: skipped \(s)") }
            out = Data(result.csv.utf8)
            exported = result.rows
            try store.audit.append(
                .exportRun, role: .admin, client: ids.count == 1 && client != nil ? ids.first : nil, count: exported)
            return try writeOutput(out, to: output)
        }
        let exporter = FHIRExporter(
            catalog: catalog,
            options: .init(
                canonicalBase: formatOptions.fhirBase ?? FHIRExporter.defaultBase,
                includeRestrictedText: formatOptions.includeLicensedText))
        let result = exporter.export(records: records, now: Date())
        for s in result.skipped { writeStderr("rapport: warning: skipped \(s)") }
        out = try result.bundle.encoded()
        exported = result.responseCount
        try store.audit.append(
            .exportRun, role: .admin, client: ids.count == 1 && client != nil ? ids.first : nil, count: exported)
        try writeOutput(out, to: output)
    }
}
