import ArgumentParser
import Foundation
import Store

extension DischargeReason: ExpressibleByArgument {}

extension ClientCommand {
    /// `rapport client discharge`: closes a client's open episode of care.
    struct Discharge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "discharge",
            abstract: "Close a client's episode of care (discharge), so that outcomes are per episode.",
            discussion: """
                Every session on or before the discharge date (and after any earlier discharge) belongs to \
                the episode it closes; the next session starts a new episode with its own baseline. \
                The date defaults to the client's latest session. Written durably, with an audit line.
                """)
        @Argument(help: "Client id.") var id: String
        @Option(help: "The discharge day, YYYY-MM-DD (default: the latest session's date).") var date: String?
        @Option(help: "Why: completed, dropout, referred or other.") var reason: DischargeReason = .completed
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let cid = try clientID(id)
                let day = try date.map { try SessionDate($0) }
                let signed = try signIn.signIn(data)
                try signed.require(cid)
                let done = try signed.store.discharge(cid, date: day, reason: reason, role: signed.auditRole)
                writeStdout("Discharged \(cid) on \(done.date) (\(done.reason.rawValue))\n")
            }
        }
    }
}
