import ArgumentParser
import Foundation
import Store

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a data directory (0700) with the admin account, sealed from the start.",
        discussion: """
            A new data directory gets accounts and is sealed (schemaVersion 3): the admin account \
            (--admin, default "admin"), whose passphrase is asked twice on a terminal (or read from the \
            first line of standard input with --passphrase-stdin), the clinic key and the recovery key, \
            shown once (or written to --recovery-key-file). Add therapists with 'rapport therapist add'. \
            See docs/accounts.md.

            A data directory of the older format (one clinic passphrase, plaintext; made before, or \
            with --unsealed) keeps it: init sets its therapist passphrase when none is set yet (asked \
            twice on a terminal), --change-passphrase asks for the current one first, then the new \
            one; --passphrase-stdin reads the new passphrase from the first line, or, when one is \
            set, the current one from the first line and the new one from the second. A wrong \
            current passphrase changes nothing and exits 77. 'rapport migrate' seals such a directory.
            """)

    @Flag(name: .customLong("passphrase-stdin"), help: "Read the passphrase from standard input.")
    var passphraseStdin = false

    @Flag(
        name: .customLong("change-passphrase"),
        help: "Change the therapist passphrase of an older (unsealed) directory (asks for the current one).")
    var changePassphrase = false

    @Option(name: .customLong("admin"), help: "The admin account to create (default: admin).")
    var admin: String?

    @Option(name: .customLong("admin-name"), help: "The admin's display name (default: the account id).")
    var adminName: String?

    @Option(
        name: .customLong("recovery-key-file"),
        help: "Write the recovery key to this new file (0600) instead of printing it.")
    var recoveryKeyFile: String?

    @Flag(
        name: .customLong("unsealed"),
        help:
            "Not recommended: the older layout, plaintext files and one clinic passphrase, no accounts (seal it later with 'rapport migrate')."
    )
    var unsealed = false

    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let store = DataStore(root: data.path)
            if unsealed && (admin != nil || adminName != nil || recoveryKeyFile != nil) {
                throw CLIError(
                    "--unsealed makes no accounts: --admin, --admin-name and --recovery-key-file do not go with it",
                    code: Exit.usage)
            }
            let legacy = unsealed || (store.isInitialized && !Accounts(store: store).exist && admin == nil)
            if legacy {
                if recoveryKeyFile != nil || adminName != nil {
                    throw CLIError("--recovery-key-file and --admin-name go with --admin", code: Exit.usage)
                }
                try singlePassphrase(store)
            } else {
                if changePassphrase {
                    throw CLIError(
                        "this data directory has accounts: change a passphrase with 'rapport therapist passphrase ID'",
                        code: Exit.usage)
                }
                try createAccounts(admin: admin ?? "admin")
            }
        }
    }

    /// The older layout: plaintext, one clinic passphrase (set, or changed with the current one).
    func singlePassphrase(_ store: DataStore) throws {
        let existed = store.isInitialized
        let current = existed ? (try store.loadConfig()).passphrase : nil
        if changePassphrase && current == nil {
            throw CLIError("no therapist passphrase is set yet; set one with 'rapport init'", code: Exit.usage)
        }
        // Ask before creating anything, so an interrupted prompt leaves nothing half set up.
        var newHash: PassphraseHash?
        if passphraseStdin {
            newHash = try PassphraseEntry.fromStandardInput(current: current)
        } else if current == nil || changePassphrase {
            if isatty(0) == 1, isatty(2) == 1 {
                var entry = PassphraseEntry(read: PassphrasePrompt.read, warn: { writeStderr("rapport: \($0)") })
                if let current { try entry.confirmCurrent(current) }
                newHash = try entry.askNew(changing: current != nil)
            } else if changePassphrase {
                throw CLIError(
                    "--change-passphrase needs a terminal; or give the current and the new passphrase on two lines with --passphrase-stdin",
                    code: Exit.usage)
            }
        }
        var config = try store.initialize()
        if let newHash {
            config.passphrase = newHash
            try store.saveConfig(config)
        }
        writeStdout(
            existed
                ? "Data directory \(store.layout.root) is already set up (the older, unsealed format; 'rapport migrate' seals it).\n"
                : "Created data directory \(store.layout.root) (unsealed, without accounts: not recommended).\n")
        if newHash != nil {
            writeStdout(current == nil ? "Therapist passphrase set.\n" : "Therapist passphrase changed.\n")
        } else if config.passphrase == nil {
            writeStdout(
                "No therapist passphrase set yet; review and kiosk mode need one ('rapport init' on a terminal, or 'rapport init --passphrase-stdin').\n"
            )
        } else {
            writeStdout("A therapist passphrase is set (change it with 'rapport init --change-passphrase').\n")
        }
    }
}

extension InitCommand {
    /// The default: the admin account with its passphrase (asked twice on a terminal, or the first
    /// line of standard input), the clinic key and the recovery key, shown once, in a directory
    /// sealed from the start. On an older directory that exists already (`--admin` given), the
    /// accounts are added and it is sealed when it has no clients yet (else 'rapport migrate' does).
    func createAccounts(admin: String) throws {
        let id = try AccountID(admin)
        let name = try therapistName(adminName ?? admin) ?? admin
        let store = DataStore(root: data.path)
        let cost = scryptCostForNewKeys()
        if store.isInitialized, Accounts(store: store).exist {
            if self.admin == nil && !passphraseStdin && recoveryKeyFile == nil && adminName == nil {
                writeStdout(
                    "Data directory \(store.layout.root) is already set up with accounts (add more with 'rapport therapist add').\n"
                )
                return
            }
            throw CLIError(
                "\(store.layout.root) has accounts already; add more with 'rapport therapist add'", code: Exit.usage)
        }
        if let recoveryKeyFile, FileManager.default.fileExists(atPath: recoveryKeyFile) {
            throw CLIError(
                "\(recoveryKeyFile) exists already; the recovery key is never written over a file", code: Exit.usage)
        }
        let passphrase = try Self.newAdminPassphrase(id, fromStandardInput: passphraseStdin)
        let recovery = RecoveryKey()
        // The recovery key is saved before any key is sealed to it: a failed write leaves no
        // directory that depends on a key nobody has.
        if let recoveryKeyFile { try SealedSetup.writeRecoveryKey(recovery, to: recoveryKeyFile) }
        var sealed = true
        do {
            if store.isInitialized {
                // An older directory (made with --unsealed or before): accounts in place.
                let accounts = Accounts(store: store, cost: cost)
                let (signedIn, _) = try accounts.createAdmin(
                    id: id, name: name, passphrase: passphrase, recovery: recovery)
                if try store.clientIDs().ids.isEmpty {
                    try SealedSetup.seal(store, admin: signedIn)
                } else {
                    sealed = false
                }
                writeStdout("Data directory \(store.layout.root) is already set up.\n")
            } else {
                try SealedSetup.createDirectory(at: store.layout.root) { staging in
                    _ = try SealedSetup.createAdmin(
                        in: staging, id: id, name: name, passphrase: passphrase, recovery: recovery, cost: cost)
                }
                writeStdout("Created data directory \(store.layout.root) (sealed).\n")
            }
        } catch {
            // Nothing depends on the recovery key unless the accounts were made.
            if let recoveryKeyFile, !Accounts(store: store).exist { unlink(recoveryKeyFile) }
            throw error
        }
        writeStdout("Created admin account \(id).\n")
        writeStdout(SealedSetup.recoveryText(recovery, file: recoveryKeyFile))
        if !sealed {
            writeStdout(
                "Its clients are still in the older, unsealed format: seal them with 'rapport migrate --recovery-key-file F' (the recovery key).\n"
            )
        }
    }

    /// The new admin's passphrase: the first line of standard input, or typed twice on a terminal.
    static func newAdminPassphrase(_ id: AccountID, fromStandardInput: Bool) throws -> String {
        if fromStandardInput {
            guard let line = PassphraseSource.readUnbufferedLine() else {
                throw CLIError("--passphrase-stdin: no passphrase on standard input", code: Exit.usage)
            }
            if let problem = Passphrase.problem(with: line) { throw CLIError(problem, code: Exit.usage) }
            return line
        }
        guard isatty(0) == 1, isatty(2) == 1 else {
            throw CLIError(
                "a passphrase is needed: type it on a terminal, or give it with --passphrase-stdin", code: Exit.usage)
        }
        var entry = PassphraseEntry(read: PassphrasePrompt.read, warn: { writeStderr("rapport: \($0)") })
        return try entry.askNewText(
            prompt: "Passphrase for the admin account \(id) (at least \(Passphrase.minimumLength) characters): ")
    }
}

/// Asking for a new therapist passphrase, and for the current one before a change. `read` shows a
/// prompt and returns the line typed (nil at end of input); `warn` prints one line.
struct PassphraseEntry {
    var read: (String) -> String?
    var warn: (String) -> Void
    /// How many times a refused entry is asked again before giving up.
    var attempts = 3

    /// Asks for the current passphrase (up to `attempts` times); throws when it is never right.
    mutating func confirmCurrent(_ stored: PassphraseHash) throws {
        for attempt in 1...attempts {
            guard let typed = read("Current therapist passphrase: ") else {
                throw CLIError("no passphrase given; nothing was changed", code: Exit.usage)
            }
            if Passphrase.verify(typed, against: stored) { return }
            if attempt < attempts { warn("that is not the current passphrase; try again") }
        }
        throw CLIError("the current passphrase was not given; nothing was changed", code: Exit.noPermission)
    }

    /// Asks for a new passphrase: one that is too short is refused at once and asked again, then it
    /// is typed a second time (a mismatch starts over); up to `attempts` tries.
    mutating func askNew(changing: Bool = false) throws -> PassphraseHash {
        let prompt =
            "\(changing ? "New therapist" : "Therapist") passphrase (at least \(Passphrase.minimumLength) characters): "
        return try Passphrase.hash(try askNewText(prompt: prompt))
    }

    /// The new passphrase itself (see `askNew`), for a new account's key.
    mutating func askNewText(prompt: String) throws -> String {
        for attempt in 1...attempts {
            guard let first = read(prompt) else {
                throw CLIError("no passphrase given; nothing was changed", code: Exit.usage)
            }
            if let problem = Passphrase.problem(with: first) {
                if attempt < attempts { warn("\(problem); try again") }
                continue
            }
            guard let second = read("Type it again: ") else {
                throw CLIError("no passphrase given; nothing was changed", code: Exit.usage)
            }
            if first == second { return first }
            if attempt < attempts { warn("the two passphrases differ; try again") }
        }
        throw CLIError("no passphrase set after \(attempts) tries; nothing was changed", code: Exit.usage)
    }

    /// `--passphrase-stdin`: the new passphrase on the first line, or, when one is set, the current
    /// passphrase on the first line and the new one on the second.
    static func fromStandardInput(current: PassphraseHash?) throws -> PassphraseHash {
        if let current {
            guard let old = readLine(strippingNewline: true) else {
                throw CLIError("--passphrase-stdin: no passphrase on standard input", code: Exit.usage)
            }
            guard Passphrase.verify(old, against: current) else {
                throw CLIError(
                    "--passphrase-stdin: a passphrase is already set; give the current one on the first line and the new one on the second; nothing was changed",
                    code: Exit.noPermission)
            }
            guard let new = readLine(strippingNewline: true) else {
                throw CLIError(
                    "--passphrase-stdin: no new passphrase on the second line; nothing was changed", code: Exit.usage)
            }
            return try hash(new)
        }
        guard let line = readLine(strippingNewline: true) else {
            throw CLIError("--passphrase-stdin: no passphrase on standard input", code: Exit.usage)
        }
        return try hash(line)
    }

    static func hash(_ passphrase: String) throws -> PassphraseHash {
        if let problem = Passphrase.problem(with: passphrase) { throw CLIError(problem, code: Exit.usage) }
        return try Passphrase.hash(passphrase)
    }
}
