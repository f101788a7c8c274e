import ArgumentParser
import Foundation
import Store

extension ClientCommand {
    /// `rapport client baseline`: choose another baseline for an episode, or mark one invalid.
    struct Baseline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "baseline",
            abstract: "Choose an episode's baseline administration or mark one invalid (the original stays).",
            discussion: """
                --use DATE makes that session's scores the episode's baseline (earlier ones are left out); \
                --invalid DATE leaves that session's scores out of the episode's outcome and track; --reset \
                goes back to the original. Every decision is kept (clients/<id>/baseline.json) and audited; \
                outcome classes and tracks are recomputed from the chosen baseline. Without an action, lists \
                the decisions.
                """)
        @Argument(help: "Client id.") var id: String
        @Option(help: "Episode number (1 = the first; see `rapport analyze --client`).") var episode: Int?
        @Option(help: "Use the administration of this session date as the baseline.") var use: String?
        @Option(help: "Mark the administration of this session date invalid.") var invalid: String?
        @Flag(help: "Undo every decision for the episode.") var reset = false
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let cid = try clientID(id)
                let actions = [use != nil, invalid != nil, reset].filter { $0 }.count
                guard actions <= 1 else { throw CLIError("give one of --use, --invalid or --reset", code: Exit.usage) }
                let signed = try signIn.signIn(data)
                let store = signed.store
                guard actions == 1 else {
                    try signed.view(cid)
                    let choices = try store.baselineChoices(cid)
                    if choices.isEmpty { writeStdout("No baseline decisions for \(cid): original baselines.\n") }
                    for c in choices where episode == nil || c.episode == episode {
                        writeStdout("episode \(c.episode)  \(c.action.rawValue)\(c.date.map { " \($0)" } ?? "")\n")
                    }
                    return
                }
                guard let episode else { throw CLIError("--episode is required", code: Exit.usage) }
                guard (1...9999).contains(episode) else {
                    throw CLIError("--episode must be from 1 to 9999", code: Exit.usage)
                }
                try signed.require(cid)
                let action: BaselineAction = use != nil ? .use : invalid != nil ? .invalid : .reset
                let day = try (use ?? invalid).map { try SessionDate($0) }
                let c = try store.chooseBaseline(
                    cid, episode: episode, action: action, date: day, role: signed.auditRole)
                let what =
                    switch c.action {
                    case .use: "uses the session of \(c.date?.rawValue ?? "") as its baseline"
                    case .invalid: "leaves out the session of \(c.date?.rawValue ?? "") as invalid"
                    case .reset: "is back to its original baseline"
                    }
                writeStdout("Episode \(episode) of \(cid) \(what)\n")
            }
        }
    }
}
