import ArgumentParser
import Foundation
import Instruments
import Store
import Numbers

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export tidy data for analysis (CSV) or every record (JSON).",
        discussion: """
            CSV: one row per administration × scale (client_id, session, session_date, rater, instrument, \
            instrument_version, scale, score, band, valid, administered_at, prorated, risk, risk_unanswered); \
            --items gives one row per item answer instead. Rows are in date order and `session` is the \
            session's number in date order. Superseded (corrected) records are left out of CSV; JSON holds \
            every record as stored.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, fhir, redcap }

    @Option(help: "csv, json, fhir (a FHIR R4 Bundle) or redcap (a REDCap import CSV).") var format: Format
    @Option(help: "Only this client.") var client: String?
    @Flag(help: "CSV: one row per item answer.") var items = false
    @Option(help: "Write to this file (0600) instead of stdout.") var output: String?
    @OptionGroup var data: DataOptions
    @OptionGroup var formatOptions: ExportFormatOptions

    func run() throws {
        try reporting {
            if format == .fhir || format == .redcap { return try runInteroperable() }
            let store = try data.store()
            let ids: [ClientID]
            if let client {
                let id = try clientID(client)
                _ = try store.client(id)
                ids = [id]
            } else {
                ids = try store.clientIDs().ids
            }
            if items && format == .json { throw CLIError("--items applies to CSV only", code: Exit.usage) }
            let progress = ProgressLine("export")
            var out = Data()
            var allRecords: [AdministrationRecord] = []
            var exported = 0
            if format == .csv {
                out.append(Data((items ? TidyCSV.itemHeader : TidyCSV.scaleHeader).utf8))
            }
            for (index, id) in ids.enumerated() {
                progress.update(index, of: ids.count)
                let records: [AdministrationRecord]
                let problems: [StoreProblem]
                do {
                    (records, problems) = try store.records(id)
                } catch let error as StoreError where client == nil {
                    // One unreadable client does not stop an export of the others.
                    writeStderr("rapport: warning: skipped client \(id): \(error)")
                    continue
                }
                for p in problems { writeStderr("rapport: warning: skipped \(p)") }
                if format == .csv {
                    let current = AdministrationRecord.current(records)
                    // Numbered as `client list` and `review` number them: the summary's dates (which
                    // include a record that has since become unreadable) plus these records' dates.
                    let summaryDates = (try? store.summary(id))?.sessions.map(\.date) ?? []
                    let timeline = SessionTimeline(dates: summaryDates + current.map(\.sessionDate))
                    var numbers: [String: Int] = [:]
                    for r in current { numbers[r.id] = timeline.number(of: r.sessionDate) }
                    exported += current.count
                    let text = items ? TidyCSV.itemRows(current, numbers) : TidyCSV.scaleRows(current, numbers)
                    out.append(Data(text.utf8))
                } else {
                    allRecords.append(
                        contentsOf: records.sorted {
                            ($0.sessionDate.rawValue, $0.id) < ($1.sessionDate.rawValue, $1.id)
                        })
                }
            }
            progress.finish()
            if format == .json {
                exported = allRecords.count
                out = try StoreCoding.encoder().encode(ExportDocument(records: allRecords))
                out.append(0x0A)
            }
            // Logged before any data leaves: an export that cannot be audited does not happen.
            try store.audit.append(.exportRun, role: .admin, client: ids.count == 1 && client != nil ? ids.first : nil, count: exported)
            if let output {
                let path = output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output
                try PosixFileSystem().writeAtomically(out, to: path, durable: true)
            } else {
                FileHandle.standardOutput.write(out)
            }
        }
    }
}

struct ExportDocument: Encodable {
    var schemaVersion = currentSchemaVersion
    var records: [AdministrationRecord]
}

/// Tidy long CSV (RFC 4180), readable by pandas and R without cleanup.
enum TidyCSV {
    static let scaleHeader =
        "client_id,session,session_date,rater,instrument,instrument_version,scale,score,band,valid,administered_at,prorated,risk,risk_unanswered\n"
    static let itemHeader =
        "client_id,session,session_date,rater,instrument,instrument_version,item,answer,administered_at\n"

    /// `numbers`: each record's session number in date order (`AdministrationRecord.sessionNumbers`).
    /// `prorated` is the scale's; `risk` (a risk item answered above its threshold) and
    /// `risk_unanswered` (a risk item left unanswered) are the administration's.
    static func scaleRows(_ records: [AdministrationRecord], _ numbers: [String: Int]) -> String {
        var out = ""
        for r in records {
            let at = timestamp(r.administeredAt)
            let risk = r.result.risk.isEmpty ? "false" : "true"
            let unanswered = r.result.riskUnanswered.isEmpty ? "false" : "true"
            for s in r.result.scales {
                let band = s.id == r.result.primaryScale ? (r.result.band ?? "") : ""
                out += [
                    r.clientId.rawValue, String(numbers[r.id] ?? r.session), r.sessionDate.rawValue, r.rater.rawValue,
                    r.instrument.id, r.instrument.version, s.id, s.score.map(number) ?? "", band,
                    s.valid ? "true" : "false", at, s.prorated ? "true" : "false", risk, unanswered,
                ].map(field).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func itemRows(_ records: [AdministrationRecord], _ numbers: [String: Int]) -> String {
        var out = ""
        for r in records {
            let at = timestamp(r.administeredAt)
            for (index, answer) in r.answers.enumerated() {
                out += [
                    r.clientId.rawValue, String(numbers[r.id] ?? r.session), r.sessionDate.rawValue, r.rater.rawValue,
                    r.instrument.id, r.instrument.version, String(index + 1), answer.map(String.init) ?? "", at,
                ].map(field).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// The exact score (`NumberText.exact`); an empty field if it is not finite.
    static func number(_ v: Double) -> String { NumberText.exact(v) ?? "" }

    static func timestamp(_ d: Date) -> String {
        d.formatted(Date.ISO8601FormatStyle())
    }

    static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
