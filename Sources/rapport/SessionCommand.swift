import AppCore
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
                code for a client cancels the client's earlier one. When today's questionnaires are \
                already answered, the kiosk says so; --again asks them again (the new answers \
                supersede today's earlier ones).
                """)

        @Option(help: "Client id.") var client: String
        // Unconditional, so that "--minutes -5" reaches the range check below instead of being
        // taken for an option ("Missing value").
        @Option(parsing: .unconditional, help: "Minutes the code stays valid (1 to 1440).") var minutes: String = "60"
        @Flag(help: "Ask today's questionnaires again even when they are already answered.") var again = false
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let id = try clientID(client)
                guard let minutes = Int(minutes.trimmingCharacters(in: .whitespaces)), (1...1_440).contains(minutes)
                else {
                    throw CLIError(
                        "--minutes must be a positive whole number of minutes, from 1 to 1440", code: Exit.usage)
                }
                // With accounts: made by the signed-in account, for a client it may see (else the
                // unknown client's error); the code file records the account and the therapist.
                let signed = try signIn.signIn(data)
                let store = signed.store
                // The instruments first: when they cannot be read, no code is made (a code printed
                // beside an error would leave the therapist unsure whether it works). With --again
                // too, although only the kiosk uses them then.
                let instruments = try data.catalog()
                let catalog = again ? nil : instruments
                var codes = KioskCodes(store: store)
                codes.visibility = signed.visibility
                let (code, expires) = try codes.create(for: id, lifetime: minutes * 60, again: again)
                let formatter = DateFormatter()
                formatter.dateFormat = "HH:mm"
                writeStdout(
                    "Kiosk code for \(id): \(code) (one battery\(again ? ", asked again" : ""), valid until \(formatter.string(from: expires)))\n"
                )
                if let catalog {
                    let effects = StoreEffects(store: store, catalog: catalog, passphrase: nil)
                    if (try? effects.batteryDoneToday(id)) == true {
                        writeStdout(
                            "Today's questionnaires for \(id) are already answered: at the kiosk this code will only say so. To ask them again: rapport session code --client \(id) --again\n"
                        )
                    }
                }
            }
        }
    }
}
