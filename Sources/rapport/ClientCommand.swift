import AppCore
import ArgumentParser
import Foundation
import Instruments
import Store

struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Add, change and list clients.",
        subcommands: [Add.self, Edit.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a client.")
        @Argument(help: "Client id: 1–32 letters, digits, '_' or '-'.") var id: String
        @Option(help: "The therapist's name as the client should see it in questionnaires.") var therapist: String?
        @Option(help: "The client's battery: comma-separated instrument ids (default: the clinic's).") var battery: String?
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let cid = try clientID(id)
                let store = try data.store()
                let list = try battery.map { try parseBattery($0, catalog: data.catalog()) }
                try store.addClient(cid, therapist: try therapistName(therapist), battery: list)
                writeStdout("Added client \(cid)\n")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a client's therapist name or battery.")
        @Argument(help: "Client id.") var id: String
        @Option(help: "The therapist's name (empty to clear).") var therapist: String?
        @Option(help: "Comma-separated instrument ids (empty to use the clinic default).") var battery: String?
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let cid = try clientID(id)
                let store = try data.store()
                if therapist == nil && battery == nil {
                    throw CLIError("nothing to change: give --therapist or --battery", code: Exit.usage)
                }
                let newName = try therapist.map { try therapistName($0) }
                let newBattery: [String]?? = try battery.map { $0.isEmpty ? nil : try parseBattery($0, catalog: data.catalog()) }
                try store.updateClient(cid) { record in
                    if let newName { record.therapist = newName }
                    if let newBattery { record.battery = newBattery }
                }
                writeStdout("Updated client \(cid)\n")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "One row per client, as on the review caseload: sessions, alliance, trend, outcome, alerts.",
            discussion: """
                Rows are in caseload order: the most urgent alert first (risk item, open possible \
                rupture, reliable deterioration, low or falling alliance, large client–therapist gap, \
                outcome not improving, subscale divergence, ceiling), then the most recent session. \
                --json gives every row with its alerts in words.
                """)
        @Flag(help: "Print JSON for scripts.") var json = false
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let store = try data.store()
                let catalog = try data.catalog()
                let (summaries, problems) = try CaseloadReader.summaries(store)
                let rows = CaseloadEntry.caseload(summaries: summaries, catalog: catalog)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                    writeStdout(String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n")
                } else {
                    writeStdout(CaseloadEntry.table(rows))
                }
                for problem in problems { writeStderr("rapport: warning: \(problem)") }
            }
        }
    }
}

/// Checks a therapist name: printable, at most 60 characters; empty means none.
func therapistName(_ raw: String?) throws -> String? {
    guard let raw else { return nil }
    let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty { return nil }
    if trimmed.count > 60 { throw CLIError("--therapist is limited to 60 characters", code: Exit.usage) }
    if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "{" || $0 == "}" }) {
        throw CLIError("--therapist contains control characters or braces", code: Exit.usage)
    }
    return trimmed
}
