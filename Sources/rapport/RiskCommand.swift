import ArgumentParser
import Foundation
import Store

/// `rapport risk`: risk flags (risk items answered above threshold or left unanswered) and their
/// acknowledgement by a therapist.
struct RiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk", abstract: "List risk flags and acknowledge them.",
        discussion: """
            A risk item answered above its threshold, or left unanswered, stays an alert at the top of \
            the caseload until a therapist acknowledges it, whatever is entered afterwards. \
            Acknowledgements are recorded in the audit log and shown with the session.
            """,
        subcommands: [List.self, Ack.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "One line per risk flag: client, session, date, item, state.")
        @Option(help: "Only this client.") var client: String?
        @Flag(help: "Also list flags already acknowledged.") var all = false
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let signed = try signIn.signIn(data)
                let store = signed.store
                let catalog = try data.catalog()
                let ids: [ClientID]
                if let client {
                    let id = try clientID(client)
                    try signed.view(id)
                    ids = [id]
                } else {
                    // The visible caseload only.
                    ids = try signed.clientIDs()
                }
                var out = ""
                for id in ids {
                    let summary = try store.summary(id)
                    for flag in summary.risk where all || !flag.acknowledged {
                        let name =
                            (try? catalog.instrument(flag.instrument)).map { $0.shortTitle ?? $0.title }
                            ?? flag.instrument
                        let date = summary.timeline.date(of: flag.session).map { " (\($0))" } ?? ""
                        out += "\(id)  session \(flag.session)\(date)  \(name) item \(flag.item) "
                        out += flag.unanswered ? "not answered" : "answered"
                        if flag.corrected { out += ", then corrected" }
                        out += flag.acknowledged ? "  acknowledged\n" : "  open\n"
                    }
                }
                writeStdout(out.isEmpty ? "No \(all ? "" : "open ")risk flags.\n" : out)
            }
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack", abstract: "Acknowledge a session's open risk flags (after following them up).")
        @Option(help: "Client id.") var client: String
        @Option(help: "Session number (in date order, as `client list` and `review` show it).") var session: Int
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let id = try clientID(client)
                guard (1...9999).contains(session) else {
                    throw CLIError("--session must be from 1 to 9999", code: Exit.usage)
                }
                let signed = try signIn.signIn(data)
                try signed.require(id)
                let store = signed.store
                let catalog = try data.catalog()
                let done = try store.acknowledgeRisk(id, session: session, role: signed.auditRole)
                for ack in done {
                    let name =
                        (try? catalog.instrument(ack.instrument)).map { $0.shortTitle ?? $0.title } ?? ack.instrument
                    writeStdout(
                        "Acknowledged \(name) item \(ack.item) of client \(id), session \(session) (\(ack.sessionDate))\n"
                    )
                }
            }
        }
    }
}
