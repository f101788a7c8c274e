import AppCore
import ArgumentParser
import Foundation
import Instruments
import Store

struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Add, change and list clients.",
        subcommands: [Add.self, Edit.self, List.self, Notes.self, Discharge.self, Baseline.self, Assign.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a client.")
        @Argument(help: "Client id: 1–32 letters, digits, '_' or '-'.") var id: String
        @Option(
            help:
                "With accounts: the therapist's account id (default: the signed-in account). Without: the therapist's name as the client should see it."
        ) var therapist: String?
        @Option(help: "The client's battery: comma-separated instrument ids (default: the clinic's).") var battery:
            String?
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let cid = try clientID(id)
                let session = try signIn.signIn(data)
                let store = session.store
                let list = try battery.map { try parseBattery($0, catalog: data.catalog()) }
                if let signedIn = session.signedIn {
                    // The client's therapist is an account; the name clients see comes from it.
                    let owner = try therapist.map { try AccountID($0) } ?? signedIn.account.id
                    try ClientCommand.requireCaseload(owner, session)
                    try store.addClient(cid, therapist: owner.rawValue, battery: list)
                    writeStdout("Added client \(cid) (therapist \(owner))\n")
                    return
                }
                try store.addClient(cid, therapist: try therapistName(therapist), battery: list)
                writeStdout("Added client \(cid)\n")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Change a client's therapist name or battery.")
        @Argument(help: "Client id.") var id: String
        @Option(help: "The therapist's name (empty to clear).") var therapist: String?
        @Option(help: "Comma-separated instrument ids (empty to use the clinic default).") var battery: String?
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let cid = try clientID(id)
                if therapist == nil && battery == nil {
                    throw CLIError("nothing to change: give --therapist or --battery", code: Exit.usage)
                }
                let signed = try signIn.signIn(data)
                let store = signed.store
                try signed.require(cid)
                if signed.signedIn != nil, therapist != nil {
                    // With accounts the therapist is an account, changed only by a logged move.
                    throw CLIError(
                        "with accounts the therapist is an account: use 'rapport client assign \(cid) --therapist ID'",
                        code: Exit.usage)
                }
                let newName = try therapist.map { try therapistName($0) }
                let newBattery: [String]?? = try battery.map {
                    $0.isEmpty ? nil : try parseBattery($0, catalog: data.catalog())
                }
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
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let session = try signIn.signIn(data)
                let store = session.store
                let catalog = try data.catalog()
                // The same rows as the review caseload: episodes and the expected-recovery reference too.
                let (rows, _, _, problems) = try CaseloadReader.rows(
                    store, catalog: catalog, visibility: session.visibility)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                    writeData(String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n")
                } else {
                    writeStdout(CaseloadEntry.table(rows))
                }
                for problem in problems { writeStderr("rapport: warning: \(problem)") }
            }
        }
    }
}

extension ClientCommand {
    struct Notes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notes",
            abstract: "Every therapist note of a client in full, by session.",
            discussion: """
                One note per line, in session order: "Session 11 (2026-08-20): the note's whole text". \
                The review screens show a session's notes in full in its answers (Enter on a session).
                """)
        @Argument(help: "Client id.") var client: String
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let session = try signIn.signIn(data)
                let store = session.store
                let id = try clientID(client)
                try session.view(id)
                let summary = try store.summary(id)
                let dates = Dictionary(
                    summary.sessions.map { ($0.session, $0.date.rawValue) }, uniquingKeysWith: { a, _ in a })
                let notes = try store.notes(id).enumerated().sorted {
                    ($0.element.session, $0.offset) < ($1.element.session, $1.offset)
                }.map(\.element)
                if notes.isEmpty {
                    writeStdout("No notes for \(id).\n")
                    return
                }
                var out = ""
                for note in notes {
                    let date = dates[note.session].map { " (\($0))" } ?? ""
                    out += "Session \(note.session)\(date): \(note.text)\n"
                }
                writeStdout(out)
            }
        }
    }
}

extension ClientCommand {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign", abstract: "Move a client to another therapist's caseload (logged).")
        @Argument(help: "Client id.") var client: String
        @Option(help: "The new therapist's account id.") var therapist: String
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let session = try signIn.signIn(data, required: true)
                let id = try clientID(client)
                let owner = try AccountID(therapist)
                try session.require(id)
                try ClientCommand.requireCaseload(owner, session)
                let role: AuditRole = session.signedIn?.account.role == .admin ? .admin : .therapist
                // In a sealed directory every file of the client is sealed again to the new
                // therapist's caseload key (crash-safe; client.json names the new therapist last).
                try session.store.resealClient(id, to: owner)
                try session.store.audit.append(.clientAssigned, role: role, client: id)
                writeStdout("Client \(id) is now in the caseload of \(owner)\n")
            }
        }
    }

    /// A client may be given only to an active account whose caseload key the signed-in account
    /// holds (its own, a supervised therapist's, or any for an admin).
    static func requireCaseload(_ owner: AccountID, _ session: SignedInStore) throws {
        let account = try session.accounts.account(owner)
        if account.disabled { throw CLIError("account \(owner) is disabled", code: Exit.usage) }
        guard let signedIn = session.signedIn, signedIn.keyring.caseloadPrivateKey(of: owner) != nil else {
            throw StoreError.notPermitted("\(owner)'s caseload is not yours to fill")
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
