import ArgumentParser
import Foundation
import Store

/// `rapport session`: session helpers (kiosk codes).
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: "Session helpers: one-time kiosk codes.", subcommands: [Code.self])

    struct Code: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "code",
            abstract: "Make a one-time 6-digit code that opens a client's battery at the kiosk.",
            discussion: """
                The code works once, until it expires; it is stored only as a salted hash. Making a new \
                code for a client cancels the client's earlier one.
                """)

        @Option(help: "Client id.") var client: String
        @Option(help: "Minutes the code stays valid.") var minutes: Int = 60
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let id = try clientID(client)
                guard (1...1_440).contains(minutes) else {
                    throw CLIError("--minutes must be from 1 to 1440", code: Exit.usage)
                }
                let store = try data.store()
                let (code, expires) = try KioskCodes(store: store).create(for: id, lifetime: minutes * 60)
                let formatter = DateFormatter()
                formatter.dateFormat = "HH:mm"
                writeStdout(
                    "Kiosk code for \(id): \(code) (one battery, valid until \(formatter.string(from: expires)))\n")
            }
        }
    }
}
