import ArgumentParser
import Foundation
import Store

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a data directory (0700) with its clinic settings.",
        discussion: """
            On a terminal, asks twice for the therapist passphrase (it unlocks leaving kiosk mode) \
            when none is set yet. --passphrase-stdin reads it from the first line of standard input \
            instead (and replaces an existing one). It is stored only as a salted PBKDF2 hash.
            """)

    @Flag(name: .customLong("passphrase-stdin"), help: "Read the therapist passphrase from standard input.")
    var passphraseStdin = false

    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let store = DataStore(root: data.path)
            let existed = store.isInitialized
            let hasPassphrase = existed ? (try store.loadConfig()).passphrase != nil : false
            // Ask before creating anything, so an interrupted prompt leaves nothing half set up.
            var newHash: PassphraseHash?
            if passphraseStdin {
                guard let line = readLine(strippingNewline: true) else {
                    throw CLIError("--passphrase-stdin: no passphrase on standard input", code: Exit.usage)
                }
                newHash = try hash(line)
            } else if !hasPassphrase, isatty(0) == 1, isatty(2) == 1 {
                guard
                    let first = PassphrasePrompt.read(
                        "Therapist passphrase (at least \(Passphrase.minimumLength) characters): "),
                    let second = PassphrasePrompt.read("Type it again: ")
                else { throw CLIError("no passphrase given", code: Exit.usage) }
                guard first == second else {
                    throw CLIError("the two passphrases differ; nothing was changed", code: Exit.usage)
                }
                newHash = try hash(first)
            }
            var config = try store.initialize()
            if let newHash {
                config.passphrase = newHash
                try store.saveConfig(config)
            }
            writeStdout(
                existed
                    ? "Data directory \(store.layout.root) is already set up.\n"
                    : "Created data directory \(store.layout.root)\n")
            if newHash != nil {
                writeStdout("Therapist passphrase set.\n")
            } else if config.passphrase == nil {
                writeStdout(
                    "No therapist passphrase set yet; kiosk mode needs one (rapport init --passphrase-stdin).\n")
            }
        }
    }

    func hash(_ passphrase: String) throws -> PassphraseHash {
        if let problem = Passphrase.problem(with: passphrase) { throw CLIError(problem, code: Exit.usage) }
        return try Passphrase.hash(passphrase)
    }
}
