import ArgumentParser
import Foundation
import Store

/// `rapport note add C001 [--session N] --text …`: a therapist note from the command line (as `n`
/// in review).
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add a therapist note to a session.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a note to a client's session (default: the latest session).")
        @Argument(help: "Client id.") var client: String
        @Option(help: "Session number (default: the latest).") var session: Int?
        @Option(help: "The note (at most 500 characters).") var text: String
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let signed = try signIn.signIn(data)
                let id = try clientID(client)
                try signed.require(id)
                let store = signed.store
                let number: Int
                if let session {
                    number = session
                } else {
                    guard let last = try store.summary(id).sessions.map(\.session).max() else {
                        throw CLIError("client \(id) has no session to note yet", code: Exit.usage)
                    }
                    number = last
                }
                try store.addNote(id, session: number, text: text)
                writeStdout("Added a note to session \(number) of \(id)\n")
            }
        }
    }
}
