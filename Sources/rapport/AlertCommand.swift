import Analytics
import ArgumentParser
import Formats
import Foundation
import Store

extension AlertResponseKind: ExpressibleByArgument {}

/// `rapport alert`: the answerable alerts of a client and the therapist's answers to them.
struct AlertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert",
        abstract: "List a client's alerts and answer them (seen, discussed, plan changed, disagree).",
        discussion: """
            Alerts: risk, possible rupture, not on track and reliable deterioration. An answered alert stays \
            quiet until a later session triggers it again; a risk flag stays until it is acknowledged with \
            `rapport risk ack`, whatever the answer. Answers are stored with the client and audited.
            """,
        subcommands: [List.self, Answer.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "One line per alert: id, state, session, words, latest answer.")
        @Argument(help: "Client id.") var id: String
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let cid = try clientID(id)
                let signed = try signIn.signIn(data)
                try signed.view(cid)
                let store = signed.store
                let report = try FeedbackReport.build(store: store, catalog: try data.catalog(), only: cid.rawValue)
                let alerts = report.clients.first?.feedback?.alerts ?? []
                writeStdout(alerts.isEmpty ? "No alerts for \(cid).\n" : AlertText.lines(alerts))
            }
        }
    }

    struct Answer: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "answer", abstract: "Answer one alert of a client.")
        @Argument(help: "Client id.") var id: String
        @Option(help: "The alert id, as `rapport alert list` shows it.") var alert: String
        @Option(help: "seen, discussed, plan-changed or disagree.") var response: AlertResponseKind
        @Option(help: "Why (required with disagree; one line).") var reason: String?
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let cid = try clientID(id)
                let signed = try signIn.signIn(data)
                try signed.require(cid)
                let store = signed.store
                let report = try FeedbackReport.build(store: store, catalog: try data.catalog(), only: cid.rawValue)
                let alerts = report.clients.first?.feedback?.alerts ?? []
                guard let found = alerts.first(where: { $0.id == alert }) else {
                    throw CLIError(
                        "client \(cid) has no alert '\(alert)' (see `rapport alert list \(cid)`)", code: Exit.usage)
                }
                let answer = try store.answerAlert(
                    cid, alert: found.id, response: response, reason: reason, evidenceDate: found.evidenceDate,
                    role: signed.auditRole)
                var line = "Answered \(found.id) of \(cid): \(answer.response.label)"
                if found.kind == .risk { line += " (the risk flag stays until `rapport risk ack`)" }
                writeStdout(line + "\n")
            }
        }
    }
}
